"""The device asked for in the address or the form (`?device=`) is read as a number or not at
all: a character that looks like a digit ("²"), a word, or a number too big for the column
opens the form with the usual device, never a server error; a hand-made POST with one saves
nothing."""

import pytest
from django.urls import reverse

from charting.models import Chart
from tests.factories import as_user

pytestmark = pytest.mark.django_db

NOT_A_DEVICE = ["²", "abc", "99999999999999999999", "-3", ""]


@pytest.mark.parametrize("asked", NOT_A_DEVICE)
def test_an_unreadable_device_in_the_address_opens_the_usual_device(
    client, provider_dana, first_session, halo_device, areas, asked
):
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[first_session.public_id])
    response = client.get(url, {"device": asked})
    assert response.status_code == 200
    assert response.context["device"] == halo_device


@pytest.mark.parametrize("asked", NOT_A_DEVICE)
def test_an_unreadable_device_in_the_form_is_a_form_error_and_saves_nothing(
    client, provider_dana, first_session, halo_device, areas, asked
):
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[first_session.public_id])
    data = {"device": asked, "skin_type": "III", f"area_{areas[0].pk}": "on"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "device" in response.context["form"].errors
    assert not Chart.objects.exists()


def test_a_device_chosen_by_its_number_is_used(
    client, provider_dana, first_session, halo_device, areas
):
    from charting.models import Device

    other = Device.objects.create(name="Nd:YAG laser")
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[first_session.public_id])
    assert client.get(url, {"device": str(other.pk)}).context["device"] == other

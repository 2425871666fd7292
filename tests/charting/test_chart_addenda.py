"""After sign-off, later words are addenda (text, author, time) shown under the original,
which stays readable and unchanged."""

import pytest
from django.urls import reverse

from charting import services
from charting.models import Addendum
from tests.factories import as_user

pytestmark = pytest.mark.django_db


def test_an_addendum_is_shown_under_the_unchanged_chart(client, provider_dana, signed_chart):
    as_user(client, provider_dana)
    booking = signed_chart.booking
    client.post(
        reverse("charting:addendum", args=[booking.public_id]),
        {"text": "Called the next day: mild swelling settled."},
    )
    addendum = Addendum.objects.get(chart=signed_chart)
    assert addendum.author == provider_dana
    page = client.get(reverse("charting:chart", args=[booking.public_id])).content.decode()
    assert page.index("Ablative coverage 20 %") < page.index("mild swelling settled")


def test_a_draft_takes_no_addendum(provider_dana, first_session, halo_device, areas):
    from tests.factories import chart_details

    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    with pytest.raises(services.ChartError, match="signed-off"):
        services.addendum_add(booking=first_session, actor=provider_dana, text="Later words")
    assert not Addendum.objects.exists()


def test_an_empty_addendum_is_refused_with_a_message(client, provider_dana, signed_chart):
    as_user(client, provider_dana)
    url = reverse("charting:addendum", args=[signed_chart.booking.public_id])
    response = client.post(url, {"text": "   "}, follow=True)
    assert response.status_code == 200
    assert "Write the addendum first" in response.content.decode()
    assert not Addendum.objects.exists()


def test_a_manager_may_add_an_addendum(manager, signed_chart):
    services.addendum_add(booking=signed_chart.booking, actor=manager, text="Reviewed.")
    assert signed_chart.addenda.get().author == manager

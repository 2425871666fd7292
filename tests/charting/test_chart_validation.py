"""A setting outside its device's range, or not a number, is a form error on that field and
saves nothing; the service checks the same rule for any other caller."""

import pytest
from django.urls import reverse

from charting import services
from charting.models import Chart
from tests.factories import as_user

pytestmark = pytest.mark.django_db


def form_data(device, areas, **values) -> dict:
    data = {"device": device.pk, "skin_type": "III"}
    for area in areas:
        data[f"area_{area.pk}"] = "on"
        data[f"setting_{area.pk}_coverage"] = values.get("coverage", "20")
        data[f"setting_{area.pk}_passes"] = values.get("passes", "4")
    return data


@pytest.mark.parametrize(
    ("coverage", "message"),
    [
        ("61", "At most 60 %"),
        ("-1", "At least 0 %"),
        ("lots", "Enter a number"),
        ("NaN", "Enter a number"),
    ],
)
def test_a_value_outside_the_devices_range_is_a_form_error_and_saves_nothing(
    client, provider_dana, first_session, halo_device, areas, coverage, message
):
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[first_session.public_id])
    response = client.post(url, form_data(halo_device, areas[:1], coverage=coverage))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in form.errors[f"setting_{areas[0].pk}_coverage"][0]
    assert not Chart.objects.exists()


def test_a_chart_with_no_area_is_refused(client, provider_dana, first_session, halo_device):
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[first_session.public_id])
    response = client.post(url, {"device": halo_device.pk})
    assert response.status_code == 400
    assert "Tick at least one treated area" in response.content.decode()
    assert not Chart.objects.exists()


def test_a_value_for_an_unticked_area_is_an_error(
    client, provider_dana, first_session, halo_device, areas
):
    as_user(client, provider_dana)
    data = form_data(halo_device, areas[:1])
    data[f"setting_{areas[1].pk}_coverage"] = "15"
    response = client.post(reverse("charting:chart", args=[first_session.public_id]), data)
    assert response.status_code == 400
    assert not Chart.objects.exists()


def test_the_service_refuses_a_value_out_of_range_too(
    provider_dana, first_session, halo_device, areas
):
    from tests.factories import chart_details

    with pytest.raises(services.ChartError, match="At most 12"):
        services.chart_save(
            booking=first_session,
            actor=provider_dana,
            details=chart_details(halo_device, areas, passes="13"),
        )
    assert not Chart.objects.exists()


def test_a_valid_form_saves_normalised_values(
    client, provider_dana, first_session, halo_device, areas
):
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[first_session.public_id])
    response = client.post(url, form_data(halo_device, areas[:1], coverage="20.50"))
    assert response.status_code == 302
    chart = Chart.objects.get()
    assert chart.areas.get().settings.get(setting__key="coverage").value == "20.5"
    assert chart.signed_off_at is None

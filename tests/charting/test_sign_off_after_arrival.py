"""A chart is signed off only for a session that happened: checked in or completed. A confirmed
booking two hours ahead was once signed and locked, saying a session was charted before it
took place; cancelled and no-show visits never had one. The service refuses, whoever calls."""

import pytest

from bookings.access import AccessDenied
from charting import services
from charting.models import Chart
from tests.factories import as_user, chart_details

pytestmark = pytest.mark.django_db


def test_a_session_the_patient_has_not_arrived_for_cannot_be_signed_off(
    next_session, halo_device, areas, provider_dana
):
    next_session.status = "confirmed"
    next_session.save(update_fields=["status"])
    details = chart_details(halo_device, areas[:1])

    with pytest.raises(services.ChartError, match="once the patient has arrived"):
        services.chart_save(
            booking=next_session, actor=provider_dana, details=details, sign_off=True
        )
    assert not Chart.objects.filter(booking=next_session, signed_off_at__isnull=False).exists()

    # A draft may be written ahead (the plan for the day); signing it off waits.
    services.chart_save(booking=next_session, actor=provider_dana, details=details)
    with pytest.raises(services.ChartError, match="once the patient has arrived"):
        services.chart_sign_off(booking=next_session, actor=provider_dana)
    assert Chart.objects.get(booking=next_session).signed_off_at is None


def test_a_checked_in_session_is_signed_off(next_session, halo_device, areas, provider_dana):
    chart = services.chart_save(
        booking=next_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas[:1]),
        sign_off=True,
    )
    assert chart.signed_off_at is not None


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_a_cancelled_or_missed_visit_gets_no_chart_at_all(
    next_session, halo_device, areas, provider_dana, status
):
    next_session.status = status
    next_session.save(update_fields=["status"])

    with pytest.raises(AccessDenied):
        services.chart_save(
            booking=next_session,
            actor=provider_dana,
            details=chart_details(halo_device, areas[:1]),
            sign_off=True,
        )
    assert not Chart.objects.filter(booking=next_session).exists()


def test_the_chart_page_offers_sign_off_only_once_the_patient_is_in(
    client, next_session, halo_device, areas, provider_dana
):
    url = f"/staff/charts/{next_session.public_id}/"
    as_user(client, provider_dana)
    assert 'name="sign_off"' in client.get(url).content.decode()

    next_session.status = "confirmed"
    next_session.save(update_fields=["status"])
    page = client.get(url).content.decode()
    assert 'name="sign_off"' not in page
    assert "signed off once the patient is checked in" in page

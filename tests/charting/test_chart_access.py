"""Who sees what of a chart: the front desk only that it exists (and who signed it off),
another provider nothing, an anonymous visitor the login page. Refusals are audited."""

import pytest
from django.urls import reverse

from bookings.access import AccessDenied
from bookings.models import AuditEntry
from charting import services
from tests.factories import as_user, chart_details, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(clinic):
    user = staff_user("priya", "Provider")
    clinic.priya.user = user
    clinic.priya.save(update_fields=["user"])
    return user


def test_the_front_desk_sees_that_a_chart_was_signed_off_never_what_it_says(
    client, frontdesk, signed_chart
):
    as_user(client, frontdesk)
    booking = signed_chart.booking
    page = client.get(reverse("staff:booking", args=[booking.public_id])).content.decode()
    assert "Chart signed off" in page
    assert "Open chart" not in page and "Chart this session" not in page
    patient_page = client.get(reverse("staff:patient", args=[booking.patient.public_id]))
    text = patient_page.content.decode()
    assert "chart signed off" in text
    assert "Ablative coverage" not in text and "20 %" not in text
    response = client.get(reverse("charting:chart", args=[booking.public_id]))
    assert response.status_code == 403


def test_the_provider_is_offered_the_chart_from_the_booking_page(
    client, provider_dana, next_session, halo_device
):
    as_user(client, provider_dana)
    page = client.get(reverse("staff:booking", args=[next_session.public_id])).content.decode()
    assert "Chart this session" in page


def test_another_provider_is_refused_and_the_refusal_recorded(
    client, priya, signed_chart, halo_device, areas
):
    as_user(client, priya)
    booking = signed_chart.booking
    assert client.get(reverse("charting:chart", args=[booking.public_id])).status_code == 403
    response = client.post(
        reverse("charting:addendum", args=[booking.public_id]), {"text": "Mine now"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(actor=priya, action=AuditEntry.Action.DENIED).count() == 2
    with pytest.raises(AccessDenied):
        services.chart_save(booking=booking, actor=priya, details=chart_details(halo_device, areas))
    assert not signed_chart.addenda.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, signed_chart):
    url = reverse("charting:chart", args=[signed_chart.booking.public_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:login"))


@pytest.mark.parametrize("status", ["requested", "cancelled", "no_show"])
def test_only_a_confirmed_checked_in_or_completed_session_is_charted(
    client, provider_dana, next_session, halo_device, areas, status
):
    next_session.status = status
    next_session.save(update_fields=["status"])
    as_user(client, provider_dana)
    page = client.get(reverse("staff:booking", args=[next_session.public_id])).content.decode()
    assert "Chart this session" not in page
    with pytest.raises(AccessDenied):
        services.chart_save(
            booking=next_session, actor=provider_dana, details=chart_details(halo_device, areas)
        )


def test_every_charting_page_goes_through_staff_view():
    from bookings.staff.access import PROTECTED
    from charting import staff_urls

    assert all(hasattr(p.callback, PROTECTED) for p in staff_urls.urlpatterns)

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import AuditEntry, Booking
from tests.factories import as_user


def test_a_booking_a_week_away_cannot_be_checked_in(booking):
    with pytest.raises(services.TransitionNotAllowed, match="on the day"):
        services.booking_transition(booking=booking, to_status="checked_in")


def test_a_provider_checks_in_but_cannot_cancel_or_mark_a_no_show(client, booking, provider_dana):
    url = reverse("staff:booking_status", kwargs={"booking_id": booking.public_id})
    as_user(client, provider_dana)
    assert client.post(url, {"to": "cancelled", "reason": "x"}).status_code == 403
    assert client.post(url, {"to": "no_show"}).status_code == 403
    assert Booking.objects.get().status == "confirmed"


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("staff:booking_new", {"date": "9999-12-31", "appointment_type": 1, "treatment": 1}),
        ("staff:export_range", {"start": "9999-12-31", "end": "9999-12-31"}),
        ("staff:time_off_new", {"date": "0001-01-01"}),
    ],
)
def test_far_dates_are_explained_not_a_500(client, clinic, manager, url_name, query):
    as_user(client, manager)
    assert client.get(reverse(url_name), query).status_code in (200, 400)


def test_searching_and_rescheduling_are_on_record(client, booking, frontdesk):
    as_user(client, frontdesk)
    client.get(reverse("staff:patients"), {"q": "Ana"})
    client.get(reverse("staff:booking_move", kwargs={"booking_id": booking.public_id}))
    client.get(reverse("staff:booking_new"), {"patient": booking.patient.public_id})
    what = set(AuditEntry.objects.values_list("what", flat=True))
    assert {"patient search", "booking, to reschedule", "patient, to book"} <= what


def test_the_desk_turns_messages_back_on_at_the_patients_request(client, booking, frontdesk):
    patient = booking.patient
    services.patient_messages_stop(patient=patient)
    as_user(client, frontdesk)
    client.post(
        reverse("staff:patient_preferences", kwargs={"patient_id": patient.public_id}),
        {"wants_appointment_reminders": "on", "wants_care_tips": "on"},
    )
    patient.refresh_from_db()
    assert patient.wants_appointment_reminders and patient.wants_care_tips
    assert not patient.wants_next_session_nudge  # left unticked: stays off
    row = AuditEntry.objects.get(what="message preferences", actor=frontdesk)
    assert row.detail == {
        "on": ["Appointment reminders", "Preparation and aftercare tips"],
        "off": [],
    }

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings import services, signals
from bookings.models import AuditEntry, Booking, BookingStatusChange, TreatmentSession
from tests.factories import MONDAY, as_user, booking_book


def _status(client, booking, to, **extra):
    url = reverse("staff:booking_status", kwargs={"booking_id": booking.public_id})
    return client.post(url, {"to": to, **extra}, follow=True)


def test_the_desk_checks_in_and_the_provider_completes_recording_who_and_when(
    client, clinic, frontdesk, provider_dana, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    frozen_monday.move_to(MONDAY - timedelta(minutes=10))
    as_user(client, frontdesk)
    _status(client, booking, "checked_in")
    as_user(client, provider_dana)
    page = _status(client, booking, "completed")

    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    changes = list(
        BookingStatusChange.objects.filter(booking=booking).values_list(
            "from_status", "to_status", "changed_by__username"
        )
    )
    assert changes[1:] == [("confirmed", "checked_in", "desk"), ("checked_in", "completed", "dana")]
    html = page.content.decode()
    assert "Checked in" in html and "by desk" in html


def test_an_illegal_transition_is_refused_with_a_message(
    client, clinic, provider_dana, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    frozen_monday.move_to(MONDAY)
    as_user(client, provider_dana)
    page = _status(client, booking, "completed")  # not checked in yet
    assert "cannot be marked completed" in page.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancelling_needs_a_reason(client, clinic, frontdesk, frozen_monday):
    booking = booking_book(clinic, source="phone")
    as_user(client, frontdesk)
    assert "Give a reason" in _status(client, booking, "cancelled").content.decode()
    _status(client, booking, "cancelled", reason="Patient called, unwell")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancellation_reason == "Patient called, unwell"


def test_no_show_from_a_confirmed_booking_once_it_has_started_and_confirmed(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    frozen_monday.move_to(MONDAY - timedelta(minutes=1))
    as_user(client, frontdesk)
    early = _status(client, booking, "no_show", confirm="on")
    assert "not missed yet" in early.content.decode()
    frozen_monday.move_to(MONDAY + timedelta(minutes=15))
    unconfirmed = _status(client, booking, "no_show")
    assert "Tick the box" in unconfirmed.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    _status(client, booking, "no_show", confirm="on")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


@pytest.fixture
def consulted(clinic, frozen_monday):
    """Ana has had her consultation, so HALO sessions may be booked for her."""
    consultation = booking_book(clinic, source="phone")
    frozen_monday.move_to(MONDAY)
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    return consultation.patient


def test_completing_a_treatment_records_the_session_and_announces_it(
    client, clinic, provider_dana, consulted
):
    heard = []

    def listener(sender, booking, session, **kwargs):
        heard.append((booking.pk, session.session_number))

    signals.treatment_completed.connect(listener)
    try:
        session_booking = booking_book(
            clinic,
            source="phone",
            appointment_type=clinic.halo_session,
            start=MONDAY + timedelta(hours=2),
        )
        as_user(client, provider_dana)
        _status(client, session_booking, "checked_in")
        missing = _status(client, session_booking, "completed")
        assert "Say which areas were treated" in missing.content.decode()
        _status(
            client,
            session_booking,
            "completed",
            treated_areas="Full face",
            settings_notes="Setting notes for the provider",
        )
    finally:
        signals.treatment_completed.disconnect(listener)

    session = TreatmentSession.objects.get()
    assert (session.session_number, session.treated_areas) == (1, "Full face")
    assert heard == [(session_booking.pk, 1)]


def test_the_patient_page_shows_where_they_are_in_their_series(
    client, clinic, frontdesk, consulted
):
    first = booking_book(
        clinic,
        source="phone",
        appointment_type=clinic.halo_session,
        start=MONDAY + timedelta(hours=2),
    )
    services.booking_transition(booking=first, to_status="checked_in")
    services.booking_complete(booking=first, actor=None, treated_areas="Face")
    as_user(client, frontdesk)
    html = client.get(reverse("staff:patient", kwargs={"patient_id": consulted.public_id}))
    text = html.content.decode()
    assert "Session 1 of 3" in text
    assert "Next due from" in text and "every 28 days" in text


def test_a_session_without_a_consultation_is_refused_and_says_why(
    client, clinic, frontdesk, frozen_monday
):
    with pytest.raises(services.BookingError, match="has not had a consultation"):
        booking_book(clinic, source="phone", appointment_type=clinic.halo_session)


def test_viewing_a_booking_and_changing_it_are_written_to_the_audit_log(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    frozen_monday.move_to(MONDAY)
    as_user(client, frontdesk)
    client.get(
        reverse("staff:booking", kwargs={"booking_id": booking.public_id}), REMOTE_ADDR="10.1.2.3"
    )
    _status(client, booking, "checked_in")
    entries = list(
        AuditEntry.objects.order_by("at", "id").values_list(
            "by", "actor__username", "action", "what", "patient_id", "ip_address"
        )
    )
    # Booked by the test's own hand (no staff member, no patient's link): the system's row.
    assert entries[0] == ("system", None, "create", "booking", booking.patient_id, None)
    assert entries[1] == ("staff", "desk", "view", "booking page", booking.patient_id, "10.1.2.3")
    assert ("staff", "desk", "change", "booking status", booking.patient_id, "127.0.0.1") in entries


def test_screening_flags_are_highlighted_on_the_booking_page(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, intake_answers={"cold_sores": "yes", "active_acne": "no"})
    html = (
        as_user(client, frontdesk)
        .get(reverse("staff:booking", kwargs={"booking_id": booking.public_id}))
        .content.decode()
    )
    assert 'class="flagged' in html
    assert "History of cold sores" in html


def test_clinical_notes_are_for_providers_only(
    client, clinic, frontdesk, provider_dana, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    url = reverse("staff:booking_note", kwargs={"booking_id": booking.public_id})
    as_user(client, provider_dana).post(
        url, {"text": "Skin type III, tolerated test spot", "is_clinical": "on"}
    )
    as_user(client, frontdesk)
    page = client.get(reverse("staff:booking", kwargs={"booking_id": booking.public_id}))
    assert "tolerated test spot" not in page.content.decode()
    assert client.post(url, {"text": "x", "is_clinical": "on"}).status_code == 403

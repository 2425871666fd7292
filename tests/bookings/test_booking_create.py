from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking, BookingStatusChange, Patient
from tests.factories import MONDAY, patient_details
from tests.readable import mentions


def _create(clinic, start=MONDAY, provider=None, email="ana@example.com", answers=None):
    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=start,
        provider=provider,
        patient_details=patient_details(email),
        source="online",
        intake_answers=answers or {},
    )


def test_a_booking_is_confirmed_and_recorded(clinic, frozen_monday, mailoutbox):
    booking = _create(clinic, provider=clinic.priya)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.provider == clinic.priya
    assert booking.end - booking.start == timedelta(minutes=30)
    assert booking.blocked_until - booking.end == timedelta(minutes=10)
    change = BookingStatusChange.objects.get(booking=booking)
    assert (change.from_status, change.to_status, change.changed_by_patient) == (
        "",
        "confirmed",
        True,
    )


def test_a_returning_patient_is_found_by_email_whatever_its_capitals(clinic, frozen_monday):
    first = _create(clinic, email="Ana@Example.com")
    second = _create(clinic, start=MONDAY + timedelta(hours=2), email="ana@example.COM")
    assert first.patient == second.patient
    assert Patient.objects.count() == 1


def test_a_taken_time_is_refused_with_the_nearest_free_times(clinic, frozen_monday):
    _create(clinic, provider=clinic.dana)
    _create(clinic, provider=clinic.priya, email="ben@example.com")

    with pytest.raises(services.SlotTaken) as taken:
        _create(clinic, email="cai@example.com")

    assert "just taken" in str(taken.value)
    assert taken.value.alternatives
    assert all(slot.start != MONDAY for slot in taken.value.alternatives)
    assert Booking.objects.count() == 2
    assert not Patient.objects.filter(email="cai@example.com").exists()  # nothing half-saved


def test_a_time_off_the_grid_or_outside_hours_is_refused(clinic, frozen_monday):
    with pytest.raises(services.SlotTaken):
        _create(clinic, start=MONDAY + timedelta(minutes=7))
    with pytest.raises(services.SlotTaken):
        _create(clinic, start=MONDAY - timedelta(hours=2))


def test_screening_answers_are_kept_and_flagged_for_the_provider(clinic, frozen_monday):
    booking = _create(clinic, answers={"cold_sores": "yes", "active_acne": "no"})
    assert booking.intake_answers["cold_sores"] == "yes"
    assert any("cold sores" in flag for flag in booking.intake_flags)
    assert not any("acne" in flag for flag in booking.intake_flags)


def test_the_confirmation_email_goes_out_after_commit_without_health_answers(
    clinic, frozen_monday, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(clinic, answers={"cold_sores": "yes", "hopes": "my acne scars"})
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.com"]
    assert "booked" in message.subject
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "(312) 555-0100" in body
        assert "/manage/" in body
        # Whole words: a signed link in the body may hold any short run of letters.
        assert not mentions(body.lower(), "acne") and "cold sore" not in body.lower()
    assert message.attachments[0].get_filename() == "appointment.ics"


def test_an_illegal_status_change_is_refused_and_changes_nothing(clinic, frozen_monday):
    booking = _create(clinic)
    services.booking_cancel(booking=booking, reason="Travel")
    with pytest.raises(services.TransitionNotAllowed):
        services.booking_transition(booking=booking, to_status="checked_in")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancellation_reason == "Travel"
    assert BookingStatusChange.objects.filter(booking=booking).count() == 2


def test_cancelling_frees_the_time(clinic, frozen_monday):
    booking = _create(clinic, provider=clinic.dana)
    services.booking_cancel(booking=booking)
    again = _create(clinic, provider=clinic.dana, email="ben@example.com")
    assert again.start == booking.start


def test_rescheduling_moves_the_booking_and_bumps_its_calendar_sequence(
    clinic, frozen_monday, mailoutbox, django_capture_on_commit_callbacks
):
    booking = _create(clinic, provider=clinic.dana)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.booking_reschedule(booking=booking, start=MONDAY + timedelta(hours=3))
    assert moved.pk == booking.pk
    assert moved.start == MONDAY + timedelta(hours=3)
    assert moved.sequence == 1
    assert "moved" in mailoutbox[-1].subject


def test_rescheduling_onto_a_taken_time_keeps_the_old_one(clinic, frozen_monday):
    mine = _create(clinic, provider=clinic.dana)
    _create(clinic, provider=clinic.dana, start=MONDAY + timedelta(hours=2), email="b@example.com")
    with pytest.raises(services.SlotTaken):
        services.booking_reschedule(
            booking=mine, start=MONDAY + timedelta(hours=2), provider=clinic.dana
        )
    mine.refresh_from_db()
    assert mine.start == MONDAY


def test_moving_a_booking_a_little_later_overlapping_itself_is_fine(clinic, frozen_monday):
    mine = _create(clinic, provider=clinic.dana)
    moved = services.booking_reschedule(
        booking=mine, start=MONDAY + timedelta(minutes=15), provider=clinic.dana
    )
    assert moved.start == MONDAY + timedelta(minutes=15)

"""Status rules: a no-show only from requested or confirmed, and only once the appointment
has begun; a booking that has begun or ended (checked in, completed) cannot be moved."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking
from tests.factories import MONDAY, patient_details

STATUSES = [s.value for s in Booking.Status]


@pytest.fixture
def booking(clinic, frozen_monday):
    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )


def _set(booking, status) -> Booking:
    Booking.objects.filter(pk=booking.pk).update(status=status)
    booking.refresh_from_db()
    return booking


@pytest.mark.parametrize("status", ["requested", "confirmed"])
def test_a_no_show_is_marked_from_requested_or_confirmed(booking, status):
    after_start = MONDAY + timedelta(minutes=20)
    marked = services.booking_transition(
        booking=_set(booking, status), to_status="no_show", now=after_start
    )
    assert marked.status == "no_show"


@pytest.mark.parametrize("status", sorted(set(STATUSES) - {"requested", "confirmed"}))
def test_a_no_show_is_never_marked_from_any_other_status(booking, status):
    with pytest.raises(services.TransitionNotAllowed):
        services.booking_transition(
            booking=_set(booking, status), to_status="no_show", now=MONDAY + timedelta(hours=1)
        )
    booking.refresh_from_db()
    assert booking.status == status


def test_the_table_allows_no_show_from_requested_and_confirmed_only():
    froms = {s for s, tos in services.ALLOWED_TRANSITIONS.items() if "no_show" in tos}
    assert froms == {"requested", "confirmed"}


@pytest.mark.parametrize("status", ["completed", "checked_in"])
def test_a_booking_that_has_begun_or_ended_cannot_be_moved(clinic, booking, status):
    _set(booking, status)
    later = MONDAY + timedelta(days=7)
    with pytest.raises(services.BookingError, match="cannot be moved"):
        services.booking_reschedule(booking=booking, start=later, online=False)
    booking.refresh_from_db()
    assert (booking.start, booking.status) == (MONDAY, status)
    assert not services.booking_patient_may_move(booking=booking)


def test_a_confirmed_booking_still_moves(booking):
    later = MONDAY + timedelta(days=7)
    assert services.booking_reschedule(booking=booking, start=later, online=False).start == later

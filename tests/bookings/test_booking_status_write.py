"""A booking's status is written by one function, booking_status_write, along its table (a
manager's same-day correction along its own), and only from the status it was read in: a
booking another request moved meanwhile is not moved again, and no history row or audit row
says it was."""

import pytest

from bookings import services
from bookings.models import AuditEntry, Booking, BookingStatusChange
from practice.states import MoveNotAllowed
from tests.factories import booking_book

pytestmark = pytest.mark.django_db


def test_a_booking_read_before_another_request_moved_it_is_not_moved_again(clinic, frozen_monday):
    booking = booking_book(clinic, source="phone")
    stale = Booking.objects.get(pk=booking.pk)  # confirmed, as the other page read it
    services.booking_transition(booking=booking, to_status=Booking.Status.CANCELLED)
    history = BookingStatusChange.objects.count()
    audit = AuditEntry.objects.count()

    with pytest.raises(services.TransitionNotAllowed, match="changed meanwhile"):
        services.booking_status_write(stale, to_status=Booking.Status.NO_SHOW)

    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    assert (BookingStatusChange.objects.count(), AuditEntry.objects.count()) == (history, audit)


def test_a_correction_is_only_what_its_own_table_allows(clinic, frozen_monday):
    booking = booking_book(clinic, source="phone")
    with pytest.raises(MoveNotAllowed):
        # Confirmed back to requested is no correction: only a no-show or a check-in is.
        services.booking_status_write(booking, to_status=Booking.Status.REQUESTED, correction=True)
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED

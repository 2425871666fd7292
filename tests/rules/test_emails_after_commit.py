"""Emails leave only once the booking they announce is committed: a booking rolled back
sends nothing, and nothing is sent while its transaction is still open."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from aftercare.models import Reminder
from bookings import services
from bookings.models import Booking
from tests.factories import MONDAY, booking_book

pytestmark = pytest.mark.django_db(transaction=True)


class RolledBack(Exception):
    pass


def test_a_booking_rolled_back_sends_nothing(clinic, frozen_monday):
    with pytest.raises(RolledBack), transaction.atomic():
        booking_book(clinic)
        raise RolledBack
    assert mail.outbox == []
    assert not Booking.objects.exists()
    assert not Reminder.objects.exists()


def test_nothing_is_sent_while_the_transaction_is_open_and_one_email_after(clinic, frozen_monday):
    with transaction.atomic():
        booking_book(clinic)
        assert mail.outbox == []
    assert [m.subject.split(" | ")[0] for m in mail.outbox] == ["Your consultation is booked"]


def test_a_move_and_a_cancellation_rolled_back_send_nothing(clinic, frozen_monday):
    booking = booking_book(clinic)
    mail.outbox.clear()
    with pytest.raises(RolledBack), transaction.atomic():
        services.booking_reschedule(
            booking=booking, start=MONDAY + timedelta(hours=1), online=False
        )
        services.booking_cancel(booking=booking, reason="Unwell")
        raise RolledBack
    assert mail.outbox == []
    booking.refresh_from_db()
    assert (booking.status, booking.start) == ("confirmed", MONDAY)

"""The appointment reminder goes out the clinic's lead time ahead (48 hours unless it set
another), and its button offers what the patient can still do as it goes out."""

from datetime import UTC, datetime, timedelta

from django.core import mail

from aftercare.models import Reminder
from aftercare.schedule import appointment_reminder_due
from aftercare.sending import reminders_send_due
from tests.factories import MONDAY, booking_book, local
from tests.outbox_helpers import outbox_flush
from treatments.models import Clinic


def test_the_lead_time_is_counted_on_the_local_clock_across_a_clock_change(db):
    # Monday 15 March 2027, 10:00 in Chicago: the clocks went forward on the Sunday.
    start = datetime(2027, 3, 15, 15, 0, tzinfo=UTC)
    assert local(appointment_reminder_due(start, lead_hours=48)) == "2027-03-13 10:00"


def test_the_clinic_sets_its_own_lead_time(clinic, frozen_monday):
    Clinic.objects.update(reminder_lead_hours=24)
    booking = booking_book(clinic, start=MONDAY + timedelta(days=7), email="cd@example.com")
    outbox_flush()  # its confirmation: these tests read the reminder
    assert local(Reminder.objects.get(booking=booking).due_at) == "2027-04-18 09:00"


def test_at_48_hours_the_button_moves_or_cancels_online(clinic, frozen_monday):
    booking = booking_book(clinic, start=MONDAY + timedelta(days=7), email="cd@example.com")
    outbox_flush()  # its confirmation: these tests read the reminder
    reminders_send_due(now=booking.start - timedelta(hours=48))
    (email,) = mail.outbox
    assert email.subject == "Reminder: your consultation on Mon 19 Apr at 9:00 AM"
    assert "You can still do it online" in email.body
    assert "Move or cancel online" in email.alternatives[0][0]


def test_inside_the_cancellation_window_the_button_says_call_with_the_number(clinic, frozen_monday):
    Clinic.objects.update(reminder_lead_hours=20)  # shorter than the 24-hour window
    booking = booking_book(clinic, start=MONDAY + timedelta(days=7), email="cd@example.com")
    outbox_flush()  # its confirmation: these tests read the reminder
    reminders_send_due(now=booking.start - timedelta(hours=20))
    (email,) = mail.outbox
    html = email.alternatives[0][0]
    assert "Move or cancel online" not in html and "online" not in email.body
    assert "Please call us on (312) 555-0100" in email.body
    assert 'href="tel:' in html

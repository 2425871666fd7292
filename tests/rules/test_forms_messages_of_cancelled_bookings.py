"""A "please sign your forms" message, or its reminder, never goes out for a booking that is
no longer on, even when nothing announced the cancellation: a plain queryset
`.update(status="cancelled")` (a data fix, a script, an import) sends no signal, so the
receivers that cancel waiting messages never run. The outbox's last "may it still go" check
at sending time (outbox/selectors.py `message_unwanted_because`, asked by the sweep) must
still drop it, as consent's messages ask it to (consent/services.py `_queue`)."""

from datetime import timedelta

import pytest
from django.core import mail

from bookings.models import Booking, Patient
from consent.services import forms_send_again
from outbox.models import Message
from outbox.sending import messages_send_due
from tests.outbox_helpers import outbox_flush
from tests.sms_fake import FakeTwilio, twilio_settings


def _cancelled_without_a_signal(booking: Booking) -> None:
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)


def _forms_messages(booking: Booking):
    return Message.objects.filter(
        booking=booking, kind__in=[Message.Kind.FORMS_REQUEST, Message.Kind.FORMS_REMINDER]
    )


def _forms_emails() -> list:
    return [m for m in mail.outbox if "sign your forms" in m.subject]


def test_the_forms_request_of_a_booking_cancelled_without_a_signal_is_not_sent(session_booked):
    request = _forms_messages(session_booked).get(kind=Message.Kind.FORMS_REQUEST)
    assert request.status == "pending"  # laid out: written, not sent yet
    _cancelled_without_a_signal(session_booked)

    messages_send_due(now=request.due_at)

    request.refresh_from_db()
    assert (request.status, request.reason) == ("skipped", "The booking was cancelled")
    assert _forms_emails() == []


def test_the_forms_reminder_of_a_booking_cancelled_without_a_signal_is_not_sent(session_booked):
    outbox_flush()  # the booking's confirmation and forms request went while it was on
    reminder = _forms_messages(session_booked).get(kind=Message.Kind.FORMS_REMINDER)
    _cancelled_without_a_signal(session_booked)

    messages_send_due(now=reminder.due_at)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.reason) == ("skipped", "The booking was cancelled")
    assert _forms_emails() == []


def test_a_forms_text_the_desk_sent_again_is_dropped_once_the_booking_is_off(
    session_booked, frontdesk, settings
):
    Patient.objects.filter(pk=session_booked.patient_id).update(message_channel="sms")
    session_booked.patient.refresh_from_db()
    outbox_flush()
    forms_send_again(booking=session_booked, actor=frontdesk)
    text = _forms_messages(session_booked).get(created_by=frontdesk)
    assert text.channel == "sms"
    _cancelled_without_a_signal(session_booked)

    with FakeTwilio() as twilio:
        twilio_settings(settings, twilio)
        messages_send_due(now=text.due_at + timedelta(seconds=1))

    text.refresh_from_db()
    assert (text.status, text.reason) == ("skipped", "The booking was cancelled")
    assert twilio.sent == []


@pytest.mark.parametrize("status", [Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN])
def test_the_forms_request_of_a_booking_still_on_goes(session_booked, status):
    # The other side of the rule: the check drops only what is off.
    Booking.objects.filter(pk=session_booked.pk).update(status=status)
    request = _forms_messages(session_booked).get(kind=Message.Kind.FORMS_REQUEST)

    messages_send_due(now=request.due_at)

    request.refresh_from_db()
    assert request.status == "sent"
    assert len(_forms_emails()) == 1

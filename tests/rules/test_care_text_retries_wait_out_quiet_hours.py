"""A care text never reaches a patient in the night, not even as a retry: when the first send
of a care text fails and its retry falls due inside the clinic's quiet hours, the sweep
(outbox/sending.py, `_send_one`) puts it back to wait until quiet hours end, and only then
sends it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Patient
from outbox.models import Message
from outbox.schedule import quiet_hours_end
from outbox.sending import messages_send_due
from outbox.services import message_queue
from tests.factories import MONDAY
from tests.sms_fake import FakeTwilio, twilio_settings

MOBILE = "+13125550111"
# Monday 12 April 2027 in Chicago (MONDAY is 9:00 there); quiet hours are 21:00-08:00.
# 20:59:59, a second before quiet hours: whatever the wait before a retry (seconds, minutes,
# hours), the retry falls due inside them.
EVENING = MONDAY + timedelta(hours=12) - timedelta(seconds=1)
TUESDAY_8AM = MONDAY + timedelta(hours=23)  # when quiet hours end


@pytest.fixture
def twilio(settings):
    with FakeTwilio() as fake:
        twilio_settings(settings, fake)
        yield fake


@pytest.fixture
def quiet_hours(settings):
    # The default, said here so the times above do not depend on the environment's choice.
    settings.OUTBOX_QUIET_START, settings.OUTBOX_QUIET_END = "21:00", "08:00"


@pytest.fixture
def failed_care_text(clinic, frozen_monday, twilio, quiet_hours) -> Message:
    """A care tip by text whose first send, at 20:59:59, the provider refused: its retry falls
    due in the night."""
    patient = Patient.objects.create(
        first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
    )
    message_queue(
        kind=Message.Kind.CARE_TIP,
        channel=Message.Channel.SMS,
        to=MOBILE,
        text="Wear sunscreen today.",
        patient=patient,
        due_at=EVENING,
    )
    twilio.failures_left = 1
    first = messages_send_due(now=EVENING)
    assert (first.sent, first.retried) == (0, 1)
    message = Message.objects.get()
    # Laid out as the rule needs it: a retry that falls due inside quiet hours.
    assert message.status == "pending" and EVENING < message.due_at < TUESDAY_8AM
    assert quiet_hours_end(timezone.localtime(message.due_at)) is not None
    return message


def test_a_care_text_retry_due_in_quiet_hours_is_not_sent_then(failed_care_text, twilio):
    result = messages_send_due(now=failed_care_text.due_at)

    assert (result.sent, result.deferred) == (0, 1)
    assert twilio.bodies_to(MOBILE) == []  # the failed first try never reached the fake


def test_a_care_text_retry_due_in_quiet_hours_waits_until_they_end(failed_care_text):
    messages_send_due(now=failed_care_text.due_at)

    failed_care_text.refresh_from_db()
    assert failed_care_text.status == "pending"
    assert failed_care_text.due_at == TUESDAY_8AM
    # Waiting out the night is not a failed attempt: the retry still has its full count.
    assert failed_care_text.attempts == 1


def test_the_retried_care_text_goes_when_quiet_hours_end(failed_care_text, twilio):
    messages_send_due(now=failed_care_text.due_at)
    # Any sweep during the night leaves it where it is.
    assert messages_send_due(now=TUESDAY_8AM - timedelta(minutes=1)).sent == 0

    assert messages_send_due(now=TUESDAY_8AM).sent == 1
    assert twilio.bodies_to(MOBILE) == ["Wear sunscreen today."]
    failed_care_text.refresh_from_db()
    assert (failed_care_text.status, failed_care_text.sent_at) == ("sent", TUESDAY_8AM)

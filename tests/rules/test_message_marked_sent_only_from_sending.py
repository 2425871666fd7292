"""A message becomes "sent" only from "sending": the sweep's mark (outbox/states.py
`message_mark_sent`, a guarded UPDATE) and the transitions table (outbox/states.py
ALLOWED_MOVES, through `message_move`) both refuse any other status. Otherwise a sender that
lost its claim (released as stale, handed back) would mark sent a message staff had
cancelled, one shown as failed, or one still waiting in line, and the outbox page would say
it went."""

from datetime import timedelta

import pytest

from bookings.models import Patient
from outbox.models import Message
from outbox.sending import SweepResult, _send_one
from outbox.services import message_queue
from outbox.states import ALLOWED_MOVES, message_mark_sent, message_move
from tests.factories import MONDAY

Status = Message.Status
NOT_SENDING = sorted(set(Status.values) - {Status.SENDING, Status.SENT})


@pytest.fixture
def message(clinic) -> Message:
    patient = Patient.objects.create(
        first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
    )
    return message_queue(
        kind=Message.Kind.CARE_TIP,
        channel=Message.Channel.SMS,
        to="+13125550111",
        text="Wear sunscreen today.",
        patient=patient,
        due_at=MONDAY,
    )


def _laid_out(message: Message, status: str) -> Message:
    """The row as a sweep, a person or the provider left it (straight to the table)."""
    Message.objects.filter(pk=message.pk).update(status=status)
    message.refresh_from_db()
    return message


def test_the_sweeps_mark_turns_a_sending_message_sent(message):
    message_mark_sent(_laid_out(message, Status.SENDING), now=MONDAY, provider_ref="SM1")

    message.refresh_from_db()
    assert (message.status, message.sent_at, message.provider_ref) == ("sent", MONDAY, "SM1")


@pytest.mark.parametrize("status", NOT_SENDING)
def test_the_sweeps_mark_leaves_a_message_in_any_other_status_as_it_was(message, status):
    message_mark_sent(_laid_out(message, status), now=MONDAY, provider_ref="SM1")

    message.refresh_from_db()
    assert (message.status, message.sent_at, message.provider_ref) == (status, None, "")


def test_the_sweeps_mark_does_not_send_again_a_message_already_sent(message):
    message_mark_sent(_laid_out(message, Status.SENDING), now=MONDAY, provider_ref="SM1")
    later = MONDAY + timedelta(hours=1)

    message_mark_sent(message, now=later, provider_ref="SM2")

    message.refresh_from_db()
    # The first send's time and provider id stand: delivery reports name "SM1".
    assert (message.sent_at, message.provider_ref) == (MONDAY, "SM1")


class CancelledMidSend:
    """A sender during whose send the row is taken from it: released as stale and cancelled by
    staff while the provider was still answering."""

    def send(self, message: Message) -> str:
        Message.objects.filter(pk=message.pk).update(status=Status.CANCELLED)
        return "SM1"

    def reset(self) -> None:
        pass


def test_a_message_cancelled_while_its_send_was_in_flight_is_not_marked_sent(message):
    _send_one(
        _laid_out(message, Status.SENDING),
        senders=CancelledMidSend(),
        now=MONDAY,
        result=SweepResult(),
    )

    message.refresh_from_db()
    assert (message.status, message.sent_at) == ("cancelled", None)


@pytest.mark.parametrize("status", NOT_SENDING)
def test_no_transition_marks_a_message_sent_from_any_other_status(message, status):
    with pytest.raises(ValueError, match="cannot go"):
        message_move(_laid_out(message, status), from_status=status, to_status=Status.SENT)

    message.refresh_from_db()
    assert message.status == status


def test_the_transitions_table_reaches_sent_from_sending_only():
    froms = {status for status, tos in ALLOWED_MOVES.items() if Status.SENT in tos}
    assert froms == {Status.SENDING}

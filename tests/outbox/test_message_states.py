"""A message's status moves along outbox/states.py's table only: the bulk move (a sweep, a
booking's cancellation) moves just the rows in a status the table lets it come from and says
how many; a move the table refuses raises before anything is written."""

import pytest

from bookings.models import Patient
from outbox.models import Message
from outbox.services import message_queue
from outbox.states import message_move, messages_move
from practice.states import MoveNotAllowed
from tests.factories import MONDAY

pytestmark = pytest.mark.django_db

Status = Message.Status


@pytest.fixture
def messages(clinic) -> dict[str, Message]:
    """One message in each status, keyed by it (laid out straight in the table, as a sweep,
    a person or the provider left it)."""
    patient = Patient.objects.create(
        first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
    )
    laid_out = {}
    for status in Status.values:
        message = message_queue(
            kind=Message.Kind.CARE_TIP,
            channel=Message.Channel.SMS,
            to="+13125550111",
            text="Wear sunscreen today.",
            patient=patient,
            due_at=MONDAY,
            wake=False,
        )
        Message.objects.filter(pk=message.pk).update(status=status)
        laid_out[status] = message
    return laid_out


def _statuses(messages: dict[str, Message]) -> dict[str, str]:
    """Each message's status now, keyed by the status it was laid out in."""
    now = dict(Message.objects.values_list("pk", "status"))
    return {laid: now[message.pk] for laid, message in messages.items()}


def test_the_bulk_move_moves_only_the_rows_the_table_lets_reach_the_status(messages):
    # Pending is reached from sending (a stale claim) and failed (sent again), from no other.
    moved = messages_move(Message.objects.all(), to_status=Status.PENDING, reason="again")

    assert moved == 2
    changed = {laid: now for laid, now in _statuses(messages).items() if laid != now}
    assert changed == {
        Status.SENDING: Status.PENDING,
        Status.FAILED: Status.PENDING,
    }
    assert Message.objects.filter(reason="again").count() == 2


def test_the_bulk_move_from_one_status_leaves_the_others(messages):
    moved = messages_move(
        Message.objects.all(), from_status=Status.SENDING, to_status=Status.PENDING
    )

    assert moved == 1
    after = _statuses(messages)
    assert (after[Status.SENDING], after[Status.FAILED]) == (Status.PENDING, Status.FAILED)


def test_a_bulk_move_the_table_refuses_raises_and_writes_nothing(messages):
    before = _statuses(messages)

    # Pending may be cancelled, sent may not: the whole move is refused, pending row included.
    with pytest.raises(MoveNotAllowed, match="cannot go from sent to cancelled"):
        messages_move(
            Message.objects.all(),
            from_status=[Status.PENDING, Status.SENT],
            to_status=Status.CANCELLED,
            reason="Should not be written",
        )

    assert _statuses(messages) == before
    assert not Message.objects.filter(reason="Should not be written").exists()


def test_a_single_move_the_table_refuses_raises_and_writes_nothing(messages):
    cancelled = messages[Status.CANCELLED]

    with pytest.raises(MoveNotAllowed):
        message_move(cancelled, from_status=Status.CANCELLED, to_status=Status.PENDING)

    cancelled.refresh_from_db()
    assert cancelled.status == Status.CANCELLED


def test_a_single_move_of_a_row_no_longer_in_its_status_is_false(messages):
    # Staff cancel a message a sweep has just claimed: the claim stands.
    claimed = messages[Status.SENDING]

    assert not message_move(claimed, from_status=Status.PENDING, to_status=Status.CANCELLED)
    claimed.refresh_from_db()
    assert claimed.status == Status.SENDING

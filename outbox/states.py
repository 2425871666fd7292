"""Every write of a message's status: the table of allowed moves, and the guarded UPDATE each
move is made with (practice/states.py). Nothing else in the project writes Message.status.

- `message_move` moves one message (a send, a retry, staff's cancel); `messages_move` moves
  many in one statement (the claim, the stale release, a booking's cancellation, STOP, an
  erasure). Each is `UPDATE ... WHERE status IN (<sources>)`, so two sweeps, or a sweep and a
  person, can never both move one row.
- `message_mark_sent` is the sweep's mark of a sent message, the same guarded move in raw SQL.
- `message_demo_history_move` writes the demo's laid-out history only, on a table of its own.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from practice.states import StateTable, rows_move

from .models import Message

Status = Message.Status

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.SENDING, Status.CANCELLED, Status.SKIPPED}),
    # Back to pending: a retry, quiet hours, or a stale claim released.
    Status.SENDING: frozenset({Status.SENT, Status.PENDING, Status.FAILED, Status.SKIPPED}),
    Status.FAILED: frozenset({Status.PENDING}),  # staff send it again
    Status.SENT: frozenset({Status.FAILED}),  # the SMS provider reported it undelivered
    Status.CANCELLED: frozenset(),
    Status.SKIPPED: frozenset(),
}
MESSAGE_STATES = StateTable(name="message", moves=ALLOWED_MOVES)


def message_move(message: Message | int, *, from_status: str, to_status: str, **fields) -> bool:
    """Move one message from `from_status` to `to_status`, writing `fields` with it; False if
    it was no longer there (another sweep or person moved it first)."""
    pk = message if isinstance(message, int) else message.pk
    return bool(
        rows_move(
            MESSAGE_STATES,
            Message.objects.filter(pk=pk),
            to=to_status,
            from_states=[from_status],
            **fields,
        )
    )


def messages_move(
    rows: QuerySet,
    *,
    to_status: str,
    from_status: str | Iterable[str] | None = None,
    **fields,
) -> int:
    """Move the messages of `rows` that are in `from_status` (one status or several; default:
    every status the table lets reach `to_status`) to `to_status`; how many moved."""
    from_states = [from_status] if isinstance(from_status, str) else from_status
    return rows_move(MESSAGE_STATES, rows, to=to_status, from_states=from_states, **fields)


def message_mark_sent(message: Message, *, now: datetime, provider_ref: str = "") -> bool:
    """The provider took the message: sent, if it is still this sweep's (in 'sending'); False
    if it was taken back meanwhile (released as stale, cancelled).

    The one write every message makes, so it skips the ORM's query building; the table is
    still asked, so that this mark can never reach 'sent' from a status the table refuses.
    """
    (source,) = MESSAGE_STATES.check([Status.SENDING], Status.SENT)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Message._meta.db_table} SET status = %s, sent_at = %s, last_error = '', "
            "provider_ref = %s WHERE id = %s AND status = %s",
            [Status.SENT, now, provider_ref, message.pk, source],
        )
        return cursor.rowcount == 1


# The demo's laid-out history (outbox/demo.py), and nothing else: its bookings were "made" days
# ago, so their confirmations went out back then, without a sweep ever claiming them. That is a
# move straight from pending to sent, which no live message may make (a message is sent only
# from the sweep's claim: tests/rules/test_message_marked_sent_only_from_sending.py), so it is
# kept in a table of its own rather than widening the live one.
DEMO_HISTORY_MOVES = StateTable(
    name="demo message", moves={Status.PENDING: frozenset({Status.SENT})}
)


def message_demo_history_move(
    message: Message, *, from_status: str, to_status: str, **fields
) -> bool:
    """The demo only: one message moved along DEMO_HISTORY_MOVES; False if it was no longer
    in `from_status`."""
    return bool(
        rows_move(
            DEMO_HISTORY_MOVES,
            Message.objects.filter(pk=message.pk),
            to=to_status,
            from_states=[from_status],
            **fields,
        )
    )

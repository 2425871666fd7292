"""The one home of a reminder's and a course's status: their tables of allowed moves and the
functions that move them (tests/rules/test_one_home_per_state.py fails on a write elsewhere).

Every move is a guarded UPDATE (practice/states.py): a reminder the sweep has claimed, or one
a person cancelled a moment ago, is not moved again by a write that expected it elsewhere.
Who and why: a reminder keeps the why in `last_error`; a person's move (staff resending or
cancelling) is in the audit log, written by the service that asked for the move.
"""

from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from practice.states import StateTable, rows_move

from .models import Course, Reminder

R = Reminder.Status

REMINDER_STATES = StateTable(
    "reminder",
    {
        # Due: handed to the outbox, not wanted any more, or impossible to write. Straight to
        # sent is the demo's history (and the sweep's, before the outbox existed).
        R.PENDING: frozenset({R.QUEUED, R.SKIPPED, R.FAILED, R.CANCELLED, R.SENT}),
        # The outbox follows it from here (its message has states of its own).
        R.QUEUED: frozenset(),
        # Back to waiting: staff send it again, or a moved booking wants it after all.
        R.FAILED: frozenset({R.PENDING}),
        R.SKIPPED: frozenset({R.PENDING}),
        R.CANCELLED: frozenset({R.PENDING}),
        R.SENT: frozenset({R.PENDING}),
    },
)

C = Course.Status

COURSE_STATES = StateTable(
    "course",
    {
        C.UPCOMING: frozenset({C.ACTIVE, C.CANCELLED}),
        # A session cancelled as a no-show that a manager put right the same day, and then
        # completed: its aftercare starts after all.
        C.CANCELLED: frozenset({C.ACTIVE}),
        # After the session the aftercare runs to its end, whatever happens to the booking.
        C.ACTIVE: frozenset(),
    },
)


def reminders_move(
    rows: QuerySet, *, to: str, from_states: list[str] | None = None, **fields
) -> int:
    """Move the reminders of `rows` still in `from_states` (default: every state allowed to
    reach `to`) to `to`; how many moved."""
    return rows_move(REMINDER_STATES, rows, to=to, from_states=from_states, **fields)


def reminder_move(
    reminder: Reminder | int, *, to: str, from_states: list[str] | None = None, **fields
) -> bool:
    """One reminder; False if it was no longer where the caller expected it."""
    pk = reminder if isinstance(reminder, int) else reminder.pk
    rows = Reminder.objects.filter(pk=pk)
    return bool(reminders_move(rows, to=to, from_states=from_states, **fields))


def reminder_defer(reminder: Reminder, *, until: datetime) -> bool:
    """A pending reminder waits longer (quiet hours); its status stays."""
    return reminder_move(reminder, to=R.PENDING, from_states=[R.PENDING], due_at=until)


def reminders_mark_queued(pairs: list[tuple[int, int]], *, now: datetime) -> None:
    """A sweep's batch, each (reminder id, message id): pending to queued, pointing at its
    message, in one UPDATE joined to a VALUES list (Django's bulk_update builds a CASE per
    row, which costs more than the rendering). The list is a WITH clause with named columns,
    which PostgreSQL and SQLite (3.33+, the `make run` default) both read; `FROM (VALUES ...)
    AS handed(id, message_id)` is PostgreSQL's alone."""
    if not pairs:
        return
    REMINDER_STATES.check([R.PENDING], R.QUEUED)
    table = connection.ops.quote_name(Reminder._meta.db_table)
    values = ", ".join(["(%s, %s)"] * len(pairs))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH handed(id, message_id) AS (VALUES {values}) "
            f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '', "
            f"message_id = handed.message_id FROM handed "
            f"WHERE {table}.id = handed.id AND {table}.status = %s",
            [*(n for pair in pairs for n in pair), R.QUEUED, now, R.PENDING],
        )


def courses_move(rows: QuerySet, *, to: str, from_states: list[str] | None = None, **fields) -> int:
    return rows_move(COURSE_STATES, rows, to=to, from_states=from_states, **fields)


def course_move_to(course: Course, *, to: str, **fields) -> bool:
    """One course from the status it was read in; the instance follows when it moved."""
    moved = courses_move(
        Course.objects.filter(pk=course.pk), to=to, from_states=[course.status], **fields
    )
    if moved:
        course.status = to
        for name, value in fields.items():
            setattr(course, name, value)
    return bool(moved)

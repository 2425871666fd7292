"""Reminders that fall due become outbox messages.

Each minute the sweep claims due reminders (SELECT ... FOR UPDATE SKIP LOCKED, so two sweeps
never take the same one) and, in the same transaction, decides each one:

- its booking is off, or its appointment has begun: skipped (it would only confuse);
- the patient stopped this kind of message: skipped;
- it fell due in quiet hours: it waits for their end;
- otherwise the message is written now (the button offers what the patient can still do at
  this moment) and handed to the outbox, which sends it exactly once, retries and shows
  failures to the staff (outbox/sending.py).

A reminder and its message are committed together: a worker that dies in between leaves the
reminder pending for the next sweep, never half-handed-over.
"""

import contextlib
import time
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from bookings import preferences
from bookings.selectors import clinic_zone
from outbox.models import Message
from outbox.schedule import quiet_hours_end
from outbox.sending import SweepResult, after, messages_send_due
from outbox.services import messages_build_for
from treatments.models import Clinic

from .emails import reminder_email_build
from .models import Reminder, StepKind
from .selectors import reminder_message_kind, reminder_still_wanted
from .states import reminder_defer, reminder_move, reminders_mark_queued
from .texts import reminder_text_build

Status = Reminder.Status


def _message_kind(reminder: Reminder) -> str:
    if reminder.is_of_a_booking:
        return Message.Kind.APPOINTMENT_REMINDER
    if reminder.step.kind == StepKind.NEXT_SESSION:
        return Message.Kind.NEXT_SESSION
    return Message.Kind.CARE_TIP


def _booking_bound(reminder: Reminder):
    """The booking whose start makes this reminder moot, if any: the appointment's own, or
    the session a before-the-session tip prepares for."""
    if reminder.is_of_a_booking:
        return reminder.booking
    if reminder.occurrence < 0:
        return reminder.course.booking
    return None


def _queue_one(
    reminder: Reminder, *, clinic, now: datetime, result: SweepResult
) -> list[Message] | None:
    """Decide one due reminder: skipped or deferred here and now (rare), or the messages it
    becomes, built but not saved (the batch is written in one INSERT)."""
    if not reminder_still_wanted(reminder, now=now):
        reminder_move(reminder, to=Status.SKIPPED, last_error="Booking off or begun")
        result.skipped += 1
        return None
    kind = reminder_message_kind(reminder)
    if not preferences.patient_wants(reminder.patient, kind):
        stopped = f"The patient stopped {kind.label.lower()}"
        reminder_move(reminder, to=Status.SKIPPED, last_error=stopped)
        result.skipped += 1
        return None
    quiet_end = quiet_hours_end(now.astimezone(clinic_zone()))
    if quiet_end is not None:
        # A backlog reached in the night waits for the morning.
        reminder_defer(reminder, until=quiet_end)
        result.deferred += 1
        return None
    channels = preferences.channels_for(reminder.patient)
    if reminder.kind == Reminder.Kind.SAME_DAY:
        # A same-day reminder is a text, to those who take texts.
        channels = [c for c in channels if c == preferences.SMS]
    if not channels:
        reminder_move(reminder, to=Status.SKIPPED, last_error="The patient gets no texts")
        result.skipped += 1
        return None
    bound = _booking_bound(reminder)
    # A text's short link is a row: if the text then fails, the link goes too. An email
    # writes nothing while it is built, so it needs no savepoint.
    atomic = transaction.atomic() if preferences.SMS in channels else contextlib.nullcontext()
    try:
        with atomic:
            built = messages_build_for(
                patient=reminder.patient,
                kind=_message_kind(reminder),
                channels=channels,
                text=lambda: reminder_text_build(reminder=reminder, clinic=clinic, now=now),
                email=lambda: reminder_email_build(reminder=reminder, clinic=clinic, now=now),
                booking=bound or reminder.booking or reminder.course.booking,
                due_at=now,
                expires_at=bound.start if bound else None,
                needs_live_booking=bound is not None,
            )
    except Exception as error:  # a step that cannot be written is shown to staff
        failure = f"{type(error).__name__}: {error}"[:500]
        reminder_move(reminder, to=Status.FAILED, last_error=failure)
        result.failed += 1
        result.errors.append(str(error))
        return None
    return built


def reminders_queue_due(
    *, now: datetime | None = None, batch_size: int = 200, time_budget: float = 50.0
) -> SweepResult:
    """Hand every reminder due at `now` to the outbox, batch by batch: each batch's messages
    in one INSERT and its reminders marked in one UPDATE, in the transaction that claimed
    them."""
    result = SweepResult()
    began = time.monotonic()
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    position = None
    while time.monotonic() - began < time_budget:
        moment = now or timezone.now()
        with transaction.atomic():
            # The ids first, straight off the (due_at, id) index; then their rows with what
            # the messages need. One query for both made the planner join and sort every due
            # reminder before taking the first 200.
            ids = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(after(position), status=Status.PENDING, due_at__lte=moment)
                .order_by("due_at", "id")
                .values_list("id", flat=True)[:batch_size]
            )
            if not ids:
                break
            batch = list(
                Reminder.objects.filter(id__in=ids)
                .select_related(
                    "patient",
                    "course__treatment",
                    "course__booking",
                    "step",
                    "booking__provider",
                    "booking__appointment_type",
                    "booking__treatment",
                )
                .order_by("due_at", "id")
            )
            position = (batch[-1].due_at, batch[-1].pk)
            handed = []
            for reminder in batch:
                built = _queue_one(reminder, clinic=clinic, now=moment, result=result)
                if built:
                    handed.append((reminder, built))
            Message.objects.bulk_create(m for _, built in handed for m in built)
            reminders_mark_queued(
                [(reminder.pk, built[0].pk) for reminder, built in handed], now=moment
            )
    return result


def reminders_send_due(
    *, now: datetime | None = None, batch_size: int = 100, time_budget: float = 50.0
) -> SweepResult:
    """What each minute's sweep does: hand due reminders to the outbox, then send everything
    the outbox has due (reminders and any confirmation still waiting)."""
    queued = reminders_queue_due(now=now, batch_size=batch_size, time_budget=time_budget / 2)
    return queued.add(messages_send_due(now=now, batch_size=batch_size, time_budget=time_budget))

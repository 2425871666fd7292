"""The sweep: claim what is due, send it, mark it. Safe to run twice at once, to retry, and
to die in the middle of.

- Claiming is one short transaction: SELECT ... FOR UPDATE SKIP LOCKED picks due pending rows
  no other sweep holds, and marks them 'sending'. Two sweeps never claim the same row.
- Each message is marked 'sent' (UPDATE ... WHERE status = 'sending') as soon as the SMTP
  server accepts it, so a worker killed mid-batch leaves only its unsent rows in 'sending'.
- Rows left in 'sending' past AFTERCARE_SENDING_TIMEOUT_SECONDS are put back to 'pending' by
  the next sweep. Nothing is ever lost; only a message the SMTP server accepted in the very
  instant the worker died could go out twice.
- The broker carries nothing but the wake-up: flushing Redis loses no reminder.
"""

import contextlib
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bookings import preferences
from bookings.selectors import clinic_zone
from treatments.models import Clinic

from .emails import reminder_email_build
from .models import Reminder
from .schedule import quiet_hours_end
from .selectors import reminder_message_kind, reminder_still_wanted

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    sent: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0
    errors: list[str] = field(default_factory=list)


class SmtpSession:
    """The sweep's mail connection, opened on first use and again after any failure."""

    def __init__(self, backend):
        self.backend = backend
        self.is_open = False

    def open(self):
        if not self.is_open:
            self.backend.open()
            self.is_open = True
        return self.backend

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead session may fail again
            self.backend.close()
        self.is_open = False


def reminders_release_stale(*, now: datetime) -> int:
    cutoff = now - timedelta(seconds=settings.AFTERCARE_SENDING_TIMEOUT_SECONDS)
    return Reminder.objects.filter(status=Reminder.Status.SENDING, claimed_at__lt=cutoff).update(
        status=Reminder.Status.PENDING, claimed_at=None
    )


def reminders_claim(*, now: datetime, limit: int) -> list[int]:
    with transaction.atomic():
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=Reminder.Status.PENDING, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Reminder.objects.filter(id__in=ids, status=Reminder.Status.PENDING).update(
                status=Reminder.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return ids


def _finish(reminder: Reminder, **fields) -> bool:
    """Moves a claimed row on; False if it was no longer ours (released as stale meanwhile)."""
    return bool(
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(**fields)
    )


def _mark_sent(reminder: Reminder, *, now: datetime) -> None:
    """The one write every message makes, so it skips the ORM's query building."""
    table = Reminder._meta.db_table
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '' "
            "WHERE id = %s AND status = %s",
            [Reminder.Status.SENT, now, reminder.pk, Reminder.Status.SENDING],
        )


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=5 ** max(0, attempts - 1))  # 1, 5, 25, 125 minutes


def _sender_threads() -> int:
    # SQLite (the laptop default) takes one writer at a time: no point in more senders.
    if db_connection.vendor == "sqlite":
        return 1
    return max(1, settings.AFTERCARE_SEND_THREADS)


def reminders_send_due(
    *, now: datetime | None = None, batch_size: int = 100, time_budget: float = 50.0
) -> SweepResult:
    """Send every reminder due at `now` (default: the real now), batch by batch, until none
    is left or `time_budget` seconds have gone (the next sweep carries on).

    This thread claims batches; a few sender threads, each with its own SMTP session and
    database connection, build, send and mark them. A sender mostly waits (on the mail
    server, on the database), so several of them keep one process busy.
    """
    fixed_now = now
    result = SweepResult()
    began = time.monotonic()
    result.released = reminders_release_stale(now=fixed_now or timezone.now())
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    senders = _sender_threads()
    if senders == 1:
        # One sender: in this thread, on this thread's connection (and transaction).
        session = SmtpSession(get_connection())

        def deliver(reminder: Reminder, moment: datetime) -> None:
            _send_safely(
                reminder,
                clinic=clinic,
                connection=session,
                now=moment,
                result=result,
                claimed=time.monotonic(),
            )

        def done() -> None:
            session.close()
    else:
        # A short queue: claimed rows wait in it only moments (see _sender's freshness check).
        work: queue.Queue = queue.Queue(maxsize=2 * senders)
        lock = threading.Lock()
        threads = [
            threading.Thread(target=_sender, args=(work, clinic, result, lock), daemon=True)
            for _ in range(senders)
        ]
        for thread in threads:
            thread.start()

        def deliver(reminder: Reminder, moment: datetime) -> None:
            while any(thread.is_alive() for thread in threads):
                try:
                    work.put((reminder, moment, time.monotonic()), timeout=1)
                    return
                except queue.Full:
                    continue
            raise RuntimeError("every reminder sender has stopped")

        def done() -> None:
            for _ in threads:
                work.put(None)
            for thread in threads:
                thread.join()

    try:
        while time.monotonic() - began < time_budget:
            moment = fixed_now or timezone.now()
            ids = reminders_claim(now=moment, limit=batch_size)
            if not ids:
                break
            for reminder in (
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
            ):
                deliver(reminder, moment)
    finally:
        done()
    return result


def _sender(work: queue.Queue, clinic, result: SweepResult, lock: threading.Lock) -> None:
    connection = SmtpSession(get_connection())
    mine = SweepResult()
    try:
        while (item := work.get()) is not None:
            reminder, moment, claimed = item
            _send_safely(
                reminder,
                clinic=clinic,
                connection=connection,
                now=moment,
                result=mine,
                claimed=claimed,
            )
    finally:
        connection.close()
        db_connection.close()  # this thread's own connection
        with lock:
            for name in ("sent", "skipped", "deferred", "retried", "failed"):
                setattr(result, name, getattr(result, name) + getattr(mine, name))
            result.errors += mine.errors


def _send_safely(reminder: Reminder, *, claimed: float, **kwargs) -> None:
    """_send_one, but a sender never dies of one row: a database error leaves that row in
    'sending' for the stale release to retry, and the sender moves on."""
    if time.monotonic() - claimed > settings.AFTERCARE_SENDING_TIMEOUT_SECONDS / 2:
        # Held too long (a very slow mail server): hand it back rather than risk a second
        # sweep releasing and claiming it while this one still sends.
        _finish(
            reminder, status=Reminder.Status.PENDING, claimed_at=None, attempts=F("attempts") - 1
        )
        return
    try:
        _send_one(reminder, **kwargs)
    except Exception:
        log.exception("reminder %s: left for the next sweep", reminder.pk)
        with contextlib.suppress(Exception):
            db_connection.close()  # a broken connection is not reused; the next query reopens


def _send_one(reminder: Reminder, *, clinic, connection, now: datetime, result: SweepResult):
    patient = reminder.patient
    if not reminder_still_wanted(reminder, now=now):
        # Its booking is off, or its appointment has begun: it would help nobody.
        _finish(reminder, status=Reminder.Status.SKIPPED, last_error="Booking off or begun")
        result.skipped += 1
        return
    kind = reminder_message_kind(reminder)
    if not preferences.patient_wants(patient, kind):
        _finish(
            reminder, status=Reminder.Status.SKIPPED, last_error=f"Patient stopped {kind.label}"
        )
        result.skipped += 1
        return
    quiet_end = quiet_hours_end(now.astimezone(clinic_zone()))
    if quiet_end is not None:
        # A backlog reached in the night waits for the morning.
        _finish(
            reminder,
            status=Reminder.Status.PENDING,
            due_at=quiet_end,
            claimed_at=None,
            attempts=F("attempts") - 1,
        )
        result.deferred += 1
        return
    try:
        message = reminder_email_build(reminder=reminder, clinic=clinic, now=now)
        message.connection = connection.open()
        message.send()
    except Exception as error:  # any failure to build or hand over is retried, then failed
        detail = f"{type(error).__name__}: {error}"[:500]
        result.errors.append(detail)
        log.warning("reminder %s not sent: %s", reminder.pk, detail)
        connection.close()  # a broken SMTP session is not reused; the next send opens anew
        if reminder.attempts >= settings.AFTERCARE_MAX_ATTEMPTS:
            _finish(reminder, status=Reminder.Status.FAILED, last_error=detail)
            result.failed += 1
        else:
            _finish(
                reminder,
                status=Reminder.Status.PENDING,
                last_error=detail,
                claimed_at=None,
                due_at=now + _retry_delay(reminder.attempts),
            )
            result.retried += 1
        return
    _mark_sent(reminder, now=now)
    result.sent += 1

"""The sweep: claim what is due, send it, mark it. Safe to run twice at once, to retry, and
to die in the middle of.

- Claiming is one short transaction: SELECT ... FOR UPDATE SKIP LOCKED picks due pending rows
  no other sweep holds, and marks them 'sending'. Two sweeps never claim the same row.
- Each message is marked 'sent' in its own autocommitted UPDATE the moment the mail server
  answers 250 (or the SMS provider accepts it), so a worker killed mid-batch leaves only its
  unsent rows in 'sending'.
- Rows left in 'sending' past OUTBOX_SENDING_TIMEOUT_SECONDS are put back to 'pending' by the
  next sweep. Nothing is ever lost. What remains: a message the server accepted in the very
  instant the worker died goes twice; both copies carry the row's one Message-ID, so a mail
  program (and a person) sees they are one message.
- The broker carries nothing but the wake-up: flushing Redis loses no message.
"""

import contextlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .emails import email_from_message
from .kinds import message_kind_waits_for_quiet_hours
from .models import Message
from .schedule import quiet_hours_end
from .selectors import message_unwanted_because
from .sms import sms_backend
from .states import message_mark_sent, message_move, messages_move

log = logging.getLogger(__name__)
Status = Message.Status


@dataclass
class SweepResult:
    sent: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "SweepResult") -> "SweepResult":
        for name in ("sent", "skipped", "deferred", "retried", "failed", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors
        return self


class SmtpSession:
    """A sender's mail connection, opened on first use and again after any failure."""

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


class Senders:
    """What one sender thread sends with: its own SMTP session, and its own SMS client
    (opened on the first text)."""

    def __init__(self):
        self.smtp = SmtpSession(get_connection())
        self.sms = None

    def send(self, message: Message) -> str:
        """Hands the message over; the provider's id for a text, "" for an email."""
        if message.channel == Message.Channel.SMS:
            if self.sms is None:
                self.sms = sms_backend()
            return self.sms.send(
                to=message.to, body=message.text, status_callback=sms_status_callback_url()
            )
        email = email_from_message(message)
        email.connection = self.smtp.open()
        email.send()
        return ""

    def reset(self) -> None:
        self.smtp.close()  # a broken session is not reused; the next send opens anew

    def close(self) -> None:
        self.reset()
        if self.sms is not None:
            self.sms.close()


def sms_status_callback_url() -> str:
    """Where the provider reports a text delivered or not; only on a public https site."""
    if not settings.SITE_URL.startswith("https://"):
        return ""
    return settings.SITE_URL.rstrip("/") + reverse("outbox:sms_status")


def messages_release_stale(*, now: datetime) -> int:
    cutoff = now - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS)
    return messages_move(
        Message.objects.filter(claimed_at__lt=cutoff),
        from_status=Status.SENDING,
        to_status=Status.PENDING,
        claimed_at=None,
    )


def after(position: tuple[datetime, int] | None) -> Q:
    """Rows after `position` in (due_at, id) order. A sweep carries on from its last batch:
    the rows it already took linger in the partial index as dead entries until a vacuum, and
    scanning past them again every batch made a backlog of n cost n squared."""
    if position is None:
        return Q()
    due_at, pk = position
    return Q(due_at__gt=due_at) | Q(due_at=due_at, id__gt=pk)


def messages_claim(
    *, now: datetime, limit: int, position: tuple[datetime, int] | None = None
) -> list[tuple[int, datetime]]:
    """Claims up to `limit` due messages after `position`: their ids and due times."""
    with transaction.atomic():
        rows = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(after(position), status=Status.PENDING, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", "due_at")[:limit]
        )
        if rows:
            messages_move(
                Message.objects.filter(id__in=[pk for pk, _ in rows]),
                from_status=Status.PENDING,
                to_status=Status.SENDING,
                claimed_at=now,
                attempts=F("attempts") + 1,
            )
    return rows


# The wait after a message's 1st, 2nd, 3rd... failed send; past the end, the last one. A mail
# server that refused is most often restarting: the first retries come within a minute (on the
# next sweep), so a confirmation follows the patient's booking soon after the server is back.
# The last wait is long so that, with OUTBOX_MAX_ATTEMPTS at its default of 5, a message gives
# up about 2 h 36 min after its first failure, as it did with waits of 1, 5, 25 and 125 minutes:
# an outage of an hour or two delays messages but does not fail them.
RETRY_WAITS = (
    timedelta(seconds=15),
    timedelta(seconds=30),
    timedelta(minutes=5),
    timedelta(hours=2, minutes=30),
)


def message_retry_at(*, attempts: int, failed_at: datetime) -> datetime:
    """When a message that failed its `attempts`-th send (1 for the first) is next due."""
    return failed_at + RETRY_WAITS[min(max(attempts, 1), len(RETRY_WAITS)) - 1]


def _sender_threads() -> int:
    # SQLite (the laptop default) takes one writer at a time: no point in more senders.
    if db_connection.vendor == "sqlite":
        return 1
    return max(1, settings.OUTBOX_SEND_THREADS)


def messages_send_due(
    *, now: datetime | None = None, batch_size: int = 100, time_budget: float = 50.0
) -> SweepResult:
    """Send every message due at `now` (default: the real now), batch by batch, until none
    is left or `time_budget` seconds have gone (the next sweep carries on).

    This thread claims batches; a pool of sender threads (SenderPool), each with its own SMTP
    session and database connection, sends and marks them. A sender mostly waits (on the mail
    server, on the database), so several of them keep one process busy.
    """
    fixed_now = now
    result = SweepResult()
    began = time.monotonic()
    result.released = messages_release_stale(now=fixed_now or timezone.now())
    senders = _sender_threads()
    if senders == 1:
        # One sender: in this thread, on this thread's connection (and transaction).
        mine = Senders()

        def deliver(message: Message, moment: datetime) -> None:
            _send_safely(message, senders=mine, now=moment, result=result, claimed=time.monotonic())

        def done() -> None:
            mine.close()
    else:
        pool = SenderPool(senders, result)
        deliver, done = pool.deliver, pool.close

    position = None
    try:
        while time.monotonic() - began < time_budget:
            moment = fixed_now or timezone.now()
            claimed = messages_claim(now=moment, limit=batch_size, position=position)
            if not claimed:
                break
            position = (claimed[-1][1], claimed[-1][0])
            for message in (
                Message.objects.filter(id__in=[pk for pk, _ in claimed])
                .select_related("booking")
                .order_by("due_at", "id")
            ):
                deliver(message, moment)
    finally:
        done()
    return result


class SenderPool:
    """The senders of one sweep: a ThreadPoolExecutor whose threads each hold sessions of
    their own (an SMTP connection, an SMS client, a database connection), opened when the
    thread starts, used for every message it sends, and closed when the sweep ends.

    At most two messages per sender wait their turn (`_slots`): claimed rows wait only
    moments, so none is held near the stale-claim timeout (see _send_safely's check)."""

    def __init__(self, size: int, result: SweepResult):
        self._result = result
        self._mine = threading.local()
        self._opened: list[tuple[Senders, SweepResult, object]] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(2 * size)
        self._executor = ThreadPoolExecutor(
            max_workers=size, thread_name_prefix="outbox-send", initializer=self._open
        )

    def _open(self) -> None:
        self._mine.senders, self._mine.result = Senders(), SweepResult()
        # This thread's database connection, closed by close() once the thread is done.
        own = connections[DEFAULT_DB_ALIAS]
        own.inc_thread_sharing()
        with self._lock:
            self._opened.append((self._mine.senders, self._mine.result, own))

    def deliver(self, message: Message, moment: datetime) -> None:
        self._slots.acquire()
        try:
            task = self._executor.submit(self._send, message, moment, time.monotonic())
        except BaseException:
            self._slots.release()
            raise
        # Whatever becomes of the task (sent, failed, or never run because the pool broke),
        # its slot comes back, so the sweep never waits for a slot no one will free.
        task.add_done_callback(self._done)

    def _done(self, task: Future) -> None:
        self._slots.release()
        if not task.cancelled() and task.exception() is not None:
            log.error("a message sender failed", exc_info=task.exception())

    def _send(self, message: Message, moment: datetime, claimed: float) -> None:
        _send_safely(
            message,
            senders=self._mine.senders,
            now=moment,
            result=self._mine.result,
            claimed=claimed,
        )

    def close(self) -> None:
        """Waits for every message handed over, then closes what each thread opened: each
        thread's in turn, the next even if one fails to close."""
        self._executor.shutdown(wait=True)
        for senders, mine, own in self._opened:
            self._result.add(mine)
            try:
                senders.close()
            except Exception:
                log.exception("a message sender's sessions did not close")
            finally:
                with contextlib.suppress(Exception):
                    own.close()
                own.dec_thread_sharing()


def _send_safely(message: Message, *, claimed: float, **kwargs) -> None:
    """_send_one, but a sender never dies of one row: a database error leaves that row in
    'sending' for the stale release to retry, and the sender moves on."""
    try:
        if time.monotonic() - claimed > settings.OUTBOX_SENDING_TIMEOUT_SECONDS / 2:
            # Held too long (a very slow mail server): hand it back rather than risk a second
            # sweep releasing and claiming it while this one still sends.
            message_move(
                message,
                from_status=Status.SENDING,
                to_status=Status.PENDING,
                claimed_at=None,
                attempts=F("attempts") - 1,
            )
            return
        _send_one(message, **kwargs)
    except Exception:
        log.exception("message %s: left for the next sweep", message.pk)
        with contextlib.suppress(Exception):
            db_connection.close()  # a broken connection is not reused; the next query reopens


def _send_one(message: Message, *, senders: Senders, now: datetime, result: SweepResult):
    why_not = message_unwanted_because(message, now=now)
    if why_not is not None:
        message_move(message, from_status=Status.SENDING, to_status=Status.SKIPPED, reason=why_not)
        result.skipped += 1
        return
    if message.channel == Message.Channel.SMS and message_kind_waits_for_quiet_hours(message.kind):
        quiet_end = quiet_hours_end(timezone.localtime(now))
        if quiet_end is not None:
            message_move(
                message,
                from_status=Status.SENDING,
                to_status=Status.PENDING,
                due_at=quiet_end,
                claimed_at=None,
                attempts=F("attempts") - 1,
            )
            result.deferred += 1
            return
    try:
        provider_ref = senders.send(message)
    except Exception as error:  # any failure to build or hand over is retried, then failed
        detail = f"{type(error).__name__}: {error}"[:500]
        result.errors.append(detail)
        log.warning("message %s not sent: %s", message.pk, detail)
        senders.reset()
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message_move(
                message, from_status=Status.SENDING, to_status=Status.FAILED, last_error=detail
            )
            result.failed += 1
        else:
            message_move(
                message,
                from_status=Status.SENDING,
                to_status=Status.PENDING,
                last_error=detail,
                claimed_at=None,
                due_at=message_retry_at(attempts=message.attempts, failed_at=now),
            )
            result.retried += 1
        return
    message_mark_sent(message, now=now, provider_ref=provider_ref)
    result.sent += 1

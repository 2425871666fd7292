"""Reminders through the real moving parts: a Celery worker process on the Redis broker, the
PostgreSQL test database, and an SMTP server on loopback. The clock is driven through the
sweep's `now`, the way a test controls time across processes.

Every wait here ends on an event: the worker answering a ping, a sweep's end in the worker's
log, rows' states in the database, the mail server's count. The deadlines are minutes long;
they cost nothing when things go well (a wait ends the moment its event happens) and leave
room for a loaded machine. A wait that runs out fails, saying what it waited for: a test never
carries on in a state it did not reach."""

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
import redis
from django.conf import settings
from django.db import connection

from aftercare.models import CarePlan, CareStep, Reminder
from bookings.models import Booking, Patient
from medspa.celery import app
from outbox.models import Message
from tests.aftercare.live import SmtpSink, Worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The suite runs tasks eagerly; these tests publish to the real broker on purpose.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
    # Under pytest-xdist, one worker runs these and the SQLite races one after another: each
    # starts processes of its own (a Celery worker with two children, racing threads), and two
    # at once on two cores would starve each other's deadlines.
    pytest.mark.xdist_group("alone"),
]

NOW = datetime(2027, 5, 3, 15, 0, tzinfo=UTC)  # Monday 3 May 2027, 10:00 in Chicago


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture
def worker(sink, broker, tmp_path):
    running = Worker(
        database_url=_database_url(),
        broker_url=settings.CELERY_BROKER_URL,
        smtp_port=sink.port,
        log_path=tmp_path / "worker.log",
    )
    yield running
    running.stop()


DEADLINE = 300  # seconds, for any one wait: see the module's docstring


def _sweep(now: datetime) -> str:
    """Sends a sweep at `now`; its task id, to wait for its end."""
    return app.send_task("aftercare.tasks.reminders_sweep", kwargs={"now": now.isoformat()}).id


def _statuses() -> dict[str, int]:
    return dict(Counter(Message.objects.values_list("status", flat=True)))


def _wait_until(condition, what: str, *, worker: Worker, detail=lambda: "") -> None:
    """Waits until `condition()` holds; fails saying what it waited for, should the worker die
    or DEADLINE pass first."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        worker.check_alive()
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {DEADLINE} s for {what}; {detail()}")
        time.sleep(0.02)


def _left(now: datetime) -> tuple[int, int, int]:
    """Reminders due at `now` still waiting, their messages still pending or in flight, and
    the messages sent (the last only to tell whether a sweep changed anything)."""
    return (
        Reminder.objects.filter(status="pending", due_at__lte=now).count(),
        Message.objects.filter(status__in=["pending", "sending"], due_at__lte=now).count(),
        Message.objects.filter(status="sent").count(),
    )


def _settled(worker: Worker, now: datetime, sweeps: list[str]) -> None:
    """Waits until every sweep in `sweeps` has ended (the worker's log says so) and nothing
    due at `now` is left pending or in flight: then no sweep is still at work, and what the
    mail server holds is all there will be.

    A sweep stops after its time budget and leaves the rest to the next one, which beat sends
    every minute. If the sweeps end with work left (a slow machine), this sends the next, as
    beat would; a sweep that then changes nothing shows rows that no sweep will ever move, and
    fails at once."""
    deadline = time.monotonic() + DEADLINE
    before = None
    while True:
        outcomes = {sweep: worker.task_outcome(sweep) for sweep in sweeps}
        failed = {sweep: o for sweep, o in outcomes.items() if o not in (None, "succeeded")}
        assert not failed, f"sweeps at {now} failed: {failed}"
        if all(outcomes.values()):
            left = _left(now)
            if left[:2] == (0, 0):
                return
            assert left != before, (
                f"the sweeps at {now} ended, and another changed nothing: {left[0]} reminders "
                f"and {left[1]} messages left (message statuses: {_statuses()})"
            )
            before = left
            sweeps.append(_sweep(now))
        worker.check_alive()
        if time.monotonic() > deadline:
            raise AssertionError(
                f"waited {DEADLINE} s for the sweeps at {now} to end with nothing left; "
                f"ended: {outcomes}, left: {_left(now)}, message statuses: {_statuses()}"
            )
        time.sleep(0.02)


@pytest.fixture
def many_due(clinic):
    """`count` appointment-style reminders due at NOW, across patients."""

    def make(count: int) -> list[int]:
        patients = Patient.objects.bulk_create(
            Patient(
                first_name="P",
                last_name=str(i),
                email=f"p{i}@example.com",
                phone="1",
            )
            for i in range(count)
        )
        start = NOW + timedelta(days=1)
        bookings = Booking.objects.bulk_create(
            Booking(
                patient=p,
                provider=clinic.dana,
                appointment_type=clinic.consultation,
                treatment=clinic.halo,
                start=start + timedelta(minutes=i),
                end=start + timedelta(minutes=i + 1),
                blocked_until=start + timedelta(minutes=i + 1),
                source="phone",
                status="cancelled",
            )
            for i, p in enumerate(patients)
        )
        # The bookings are only carriers here (cancelled, so they never overlap); make them
        # live again without the overlap check, as reminder subjects.
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(status="confirmed")
        Reminder.objects.bulk_create(
            Reminder(
                kind="appointment",
                patient=b.patient,
                booking=b,
                appointment_start=b.start,
                due_at=NOW - timedelta(minutes=1),
            )
            for b in bookings
        )
        return list(Reminder.objects.values_list("pk", flat=True))

    return make


def test_a_courses_reminders_arrive_once_each_at_their_due_times(clinic, sink, worker):
    from aftercare.services import course_create, course_start
    from bookings.models import TreatmentSession

    worker.start()
    plan = CarePlan.objects.create(treatment=clinic.halo, name="HALO aftercare")
    for day, hour, every, until in [(0, 18, None, None), (1, 9, 1, 3), (2, 22, None, None)]:
        CareStep.objects.create(
            plan=plan,
            day_offset=day,
            title=f"Day {day}",
            kind="skin_care",
            send_time=clock(hour),
            repeat_every_days=every,
            repeat_until_day=until,
        )
    patient = Patient.objects.create(
        first_name="Ana",
        last_name="P",
        email="ana@example.com",
        phone="1",
    )
    booking = Booking.objects.create(
        patient=patient,
        provider=clinic.dana,
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        start=NOW,
        end=NOW + timedelta(minutes=90),
        blocked_until=NOW + timedelta(minutes=105),
        source="phone",
        status="completed",
    )
    course_create(booking=booking, now=NOW)
    session = TreatmentSession.objects.create(
        booking=booking,
        patient=patient,
        treatment=clinic.halo,
        provider=clinic.dana,
        performed_on=NOW.date(),
        session_number=1,
        treated_areas="Face",
    )
    course_start(session=session, now=NOW)
    due = {str(r.pk): r.due_at for r in Reminder.objects.filter(kind="care_step")}
    # Day 0 at 18:00; days 1, 2 and 3 at 9:00; day 2's 22:00 moved out of quiet hours to 8:00.
    assert sorted(d.astimezone(UTC).strftime("%d %H") for d in due.values()) == [
        "03 23",
        "04 14",
        "05 14",
        "06 13",
        "06 14",
    ]

    delivered_at = {}
    moment = NOW
    while moment < NOW + timedelta(days=4):
        moment += timedelta(hours=1)
        _settled(worker, moment, [_sweep(moment)])
        for rid in sink.handler.reminder_ids():
            delivered_at.setdefault(rid, moment)
    assert sink.handler.reminder_ids() == {rid: 1 for rid in due}
    for rid, due_at in due.items():
        assert due_at <= delivered_at[rid] < due_at + timedelta(hours=1), rid


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    sink, worker, broker, many_due
):
    ids = many_due(60)
    sink.handler.hold_from = 15  # the worker dies while handing over messages 15 onwards
    worker.start()
    _sweep(NOW)
    _wait_until(sink.handler.holding.is_set, "the 15th message to reach the server", worker=worker)
    # Every message the server accepted is marked sent a moment later; kill after that, with
    # the next ones in the middle of being handed over. (Between a server's "accepted" and
    # that mark is the one instant in which a death would send a message twice.) While the
    # hold lasts nothing more is accepted, so this state lasts until the kill, however long
    # the machine takes to reach it.
    sent = Message.objects.filter(status="sent")
    _wait_until(
        lambda: sent.count() >= 14,
        "the 14 messages the server accepted to be marked sent",
        worker=worker,
        detail=lambda: f"server accepted {len(sink.handler.accepted)}; statuses {_statuses()}",
    )
    worker.kill()  # returns once the worker and its pool's children are all gone
    # What the dead worker had written but the server, busy, had not read yet is refused when
    # read; only the restarted worker's connections get through now.
    sink.handler.refuse_earlier_connections()
    # The killed worker's task (acks_late) would come back on restart still carrying the
    # test's old clock; its claims would then look stale to the later sweep. In production
    # every sweep reads the real clock; here the lost wake-up is simply gone.
    broker.flushdb()
    sink.handler.hold_from = None  # the mail server is fine again
    sink.handler.release.set()

    statuses = _statuses()
    assert len(sink.handler.accepted) == 14, statuses
    assert statuses.pop("sent") == 14, statuses
    # None of the other 46 went, and none is lost. The claimed batch waits in 'sending' for the
    # stale timeout. The worker's SMTP client gives up on a held message after EMAIL_TIMEOUT
    # (30 s) and puts it back to 'pending' for a retry a minute later: on a slow machine some
    # may be there. How many is the machine's business; either way the later sweep sends them.
    assert set(statuses) <= {"sending", "pending"}, statuses
    assert sum(statuses.values()) == 60 - 14, statuses
    assert statuses.get("sending"), statuses  # the dead worker's claim, for the stale release

    worker.start()
    later = NOW + timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS + 60)
    _settled(worker, later, [_sweep(later)])
    assert sink.handler.reminder_ids() == {str(pk): 1 for pk in ids}
    assert Message.objects.filter(status="sent").count() == 60
    assert Reminder.objects.filter(status="queued").count() == 60


def test_redis_losing_the_queued_wake_ups_loses_no_reminder(sink, worker, broker, many_due):
    ids = many_due(20)
    _sweep(NOW)  # queued while no worker runs...
    assert broker.llen("celery") == 1
    # ...and wiped with the rest of the suite's own Redis database (FLUSHDB, never FLUSHALL:
    # other databases on the server belong to others).
    broker.flushdb()
    assert broker.dbsize() == 0
    worker.start()  # it answered a ping: it takes tasks off the queue
    # A sweep at an hour when nothing is due, and its end: the queue is first in, first out,
    # so the worker has by then received whatever was queued before it.
    earlier = NOW - timedelta(hours=1)
    probe = _sweep(earlier)
    _settled(worker, earlier, [probe])
    assert worker.tasks_received() == {probe}  # that wake-up call is gone...
    assert sink.handler.accepted == []
    assert Reminder.objects.filter(status="pending").count() == len(ids)  # ...and nothing else

    next_minute = NOW + timedelta(minutes=1)  # beat's next wake-up
    _settled(worker, next_minute, [_sweep(next_minute)])
    assert sink.handler.reminder_ids() == {str(pk): 1 for pk in ids}


def test_two_sweeps_at_once_on_two_worker_processes_send_each_reminder_once(sink, worker, many_due):
    ids = many_due(300)
    worker.start()
    _settled(worker, NOW, [_sweep(NOW), _sweep(NOW)])
    assert sink.handler.reminder_ids() == {str(pk): 1 for pk in ids}

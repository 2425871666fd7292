"""Reminders through the real moving parts: a Celery worker process on the Redis broker, the
PostgreSQL test database, and an SMTP server on loopback. The clock is driven through the
sweep's `now`, the way a test controls time across processes."""

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


def _sweep(now: datetime):
    return app.send_task("aftercare.tasks.reminders_sweep", kwargs={"now": now.isoformat()})


def _settled(now: datetime, timeout: float = 60) -> None:
    """Waits until nothing due at `now` is left pending or in flight."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = Reminder.objects.filter(status="pending", due_at__lte=now)
        in_flight = Message.objects.filter(status__in=["pending", "sending"], due_at__lte=now)
        if not waiting.exists() and not in_flight.exists():
            return
        time.sleep(0.05)
    raise AssertionError(f"reminders due at {now} were still waiting after {timeout} s")


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
        _sweep(moment)
        _settled(moment)
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
    assert sink.handler.holding.wait(timeout=60)
    # Every message the server accepted is marked sent a moment later; kill after that, with
    # the next ones in the middle of being handed over. (Between a server's "accepted" and
    # that mark is the one instant in which a death would send a message twice.)
    deadline = time.monotonic() + 30
    while Message.objects.filter(status="sent").count() < 14 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.kill()
    # The killed worker's task (acks_late) would come back on restart still carrying the
    # test's old clock; its claims would then look stale to the later sweep. In production
    # every sweep reads the real clock; here the lost wake-up is simply gone.
    broker.flushdb()
    sink.handler.hold_from = None  # the mail server is fine again
    sink.handler.release.set()

    statuses = dict(Counter(Message.objects.values_list("status", flat=True)))
    assert len(sink.handler.accepted) == 14, statuses
    assert statuses.get("sent") == 14, statuses
    stuck = Message.objects.filter(status="sending").count()
    assert stuck == 60 - 14  # the rest of the claimed batch, waiting for the stale timeout

    worker.start()
    later = NOW + timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS + 60)
    _sweep(later)
    _settled(later)
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
    worker.start()
    time.sleep(1)
    assert sink.handler.accepted == []  # that wake-up call is gone

    _sweep(NOW + timedelta(minutes=1))  # beat's next minute
    _settled(NOW + timedelta(minutes=1))
    assert sink.handler.reminder_ids() == {str(pk): 1 for pk in ids}


def test_two_sweeps_at_once_on_two_worker_processes_send_each_reminder_once(sink, worker, many_due):
    ids = many_due(300)
    worker.start()
    _sweep(NOW)
    _sweep(NOW)
    _settled(NOW, timeout=120)
    assert sink.handler.reminder_ids() == {str(pk): 1 for pk in ids}

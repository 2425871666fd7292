"""Run by bench_reminders.py in a process of its own, on the bench database and a Redis
database of its own: 10,000 due reminders through one Celery worker (2 processes) to an SMTP
server on loopback, beside a plain smtplib loop to the same server. Prints one JSON line."""

import json
import os
import smtplib
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from aftercare.emails import reminder_email_build  # noqa: E402
from aftercare.models import Course, Reminder  # noqa: E402
from aftercare.services import course_start  # noqa: E402
from bookings.models import (  # noqa: E402
    AppointmentType,
    Booking,
    Patient,
    Provider,
    TreatmentSession,
)
from medspa.celery import app  # noqa: E402
from outbox.models import Message  # noqa: E402
from tests.aftercare.live import SmtpSink, Worker  # noqa: E402

COUNT = int(os.environ.get("BENCH_REMINDERS", "10000"))
NOW = datetime(2031, 6, 2, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in Chicago, far from demo data


def cleanup() -> None:
    with transaction.atomic():
        Reminder.objects.filter(patient__email__endswith="@bench.example").delete()
        Message.objects.filter(patient__email__endswith="@bench.example").delete()
        Course.objects.filter(patient__email__endswith="@bench.example").delete()
        TreatmentSession.objects.filter(patient__email__endswith="@bench.example").delete()
        Booking.objects.filter(patient__email__endswith="@bench.example").delete()
        Patient.objects.filter(email__endswith="@bench.example").delete()


def due_reminders(count: int) -> None:
    provider = Provider.objects.get(display_name="Dana Whitfield")
    kind = AppointmentType.objects.get(slug="free-consultation")
    with transaction.atomic():
        patients = Patient.objects.bulk_create(
            Patient(
                first_name="Bench",
                last_name=str(i),
                email=f"{i}@bench.example",
                phone="3125550100",
            )
            for i in range(count)
        )
        start = NOW + timedelta(days=1)
        bookings = Booking.objects.bulk_create(
            Booking(
                patient=p,
                provider=provider,
                appointment_type=kind,
                treatment_id=kind.pk and provider.treatments.first().pk,
                start=start + timedelta(minutes=i),
                end=start + timedelta(minutes=i + 1),
                blocked_until=start + timedelta(minutes=i + 1),
                source="phone",
                status="cancelled",
            )
            for i, p in enumerate(patients)
        )
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(status="confirmed")
        Reminder.objects.bulk_create(
            (
                Reminder(
                    kind="appointment",
                    patient=b.patient,
                    booking=b,
                    appointment_start=b.start,
                    due_at=NOW - timedelta(minutes=1),
                )
                for b in bookings
            ),
            batch_size=2000,
        )


def smtplib_loop(port: int, message: bytes, count: int) -> float:
    """The ceiling: one connection, a prepared message, nothing else."""
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(count):
            smtp.sendmail("clinic@bench.example", [f"{i}@bench.example"], message)
    return time.perf_counter() - began


def through_the_worker(sink: SmtpSink) -> dict:
    worker = Worker(
        database_url=os.environ["DATABASE_URL"],
        broker_url=settings.CELERY_BROKER_URL,
        smtp_port=sink.port,
        concurrency=2,
        # BENCH_WORKER_LOG=path keeps the worker's log: when each sweep ran and what it did.
        log_path=Path(os.environ["BENCH_WORKER_LOG"])
        if os.environ.get("BENCH_WORKER_LOG")
        else None,
    )
    worker.start()
    rss_before = worker.rss_kib()
    began = time.perf_counter()
    # Done when the sink holds every bench reminder and no sweep is still sending. The probe
    # watches the sink and one partial index, never the tables: a poll that joins or scans
    # them costs PostgreSQL as much as the worker's own work (it once took 20-30 s a poll).
    ours = {
        str(pk)
        for pk in Reminder.objects.filter(patient__email__endswith="@bench.example").values_list(
            "id", flat=True
        )
    }
    sending = Message.objects.filter(status="sending")
    idle_polls = 99
    while True:
        delivered = len(ours.intersection(sink.handler.reminder_ids()))
        busy = sending.exists()
        if delivered >= len(ours) and not busy:
            break
        if time.perf_counter() - began > 600:
            raise RuntimeError(f"{len(ours) - delivered} reminders undelivered after 10 minutes")
        # Two sweeps, one per worker process, whenever both have finished their time budget.
        idle_polls = 0 if busy else idle_polls + 1
        if idle_polls >= 2:
            for _ in range(2):
                app.send_task("aftercare.tasks.reminders_sweep", kwargs={"now": NOW.isoformat()})
            idle_polls = 0
        if os.environ.get("BENCH_WORKER_LOG"):
            print(
                f"poll at {time.perf_counter() - began:.1f} s: {delivered} delivered",
                file=sys.stderr,
            )
        time.sleep(0.25)
    elapsed = time.perf_counter() - began
    rss_after = worker.rss_kib()
    worker.stop()
    return {"elapsed": elapsed, "rss_before_kib": rss_before, "rss_after_kib": rss_after}


def course_start_queries() -> int:
    booking = Booking.objects.create(
        patient=Patient.objects.create(
            first_name="Q", last_name="Q", email="q@bench.example", phone="1"
        ),
        provider=Provider.objects.get(display_name="Dana Whitfield"),
        appointment_type=AppointmentType.objects.get(slug="halo-session"),
        treatment_id=AppointmentType.objects.get(slug="halo-session").treatment_id,
        start=NOW,
        end=NOW + timedelta(minutes=90),
        blocked_until=NOW + timedelta(minutes=105),
        source="phone",
        status="completed",
    )
    session = TreatmentSession.objects.create(
        booking=booking,
        patient=booking.patient,
        treatment_id=booking.treatment_id,
        provider=booking.provider,
        performed_on=date(2031, 6, 2),
        session_number=1,
        treated_areas="Face",
    )
    reset_queries()
    # As in production: inside the transaction of the booking being completed (else each bulk
    # insert adds a BEGIN and a COMMIT of its own), not counting that transaction's own.
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        course_start(session=session, now=NOW)
    return len(queries)


def main() -> None:
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    cleanup()
    due_reminders(COUNT)
    sample = (
        reminder_email_build(
            reminder=Reminder.objects.filter(patient__email__endswith="@bench.example")
            .select_related(
                "patient", "booking__provider", "booking__appointment_type", "booking__treatment"
            )
            .first(),
            now=NOW,
        )
        .message()
        .as_bytes(linesep="\r\n")
    )  # as Django's SMTP backend sends it
    with SmtpSink() as sink:
        baseline = smtplib_loop(sink.port, sample, COUNT)
        sink.handler.clear()
        run = through_the_worker(sink)
        counts = sink.handler.reminder_ids()
    result = {
        "count": COUNT,
        "smtplib_rate": COUNT / baseline,
        "worker_rate": COUNT / run["elapsed"],
        "delivered": sum(counts.values()),
        "distinct": len(counts),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "rss_before_kib": run["rss_before_kib"],
        "rss_after_kib": run["rss_after_kib"],
        "message_bytes": len(sample),
        "course_start_queries": course_start_queries(),
    }
    cleanup()
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

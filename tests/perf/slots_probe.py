"""Run by bench_slots.py in a process of its own, on the bench database: measures
slots_available for 14 days x 3 providers (the HALO session, which also needs the shared
device) with 0 and with 5,000 existing bookings. Prints one JSON line."""

import json
import os
import statistics
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import AppointmentType, Booking, Patient, Provider  # noqa: E402
from bookings.selectors import slots_available  # noqa: E402

CALLS = 50
BOOKINGS = 5000


def measure(halo_session, treatment) -> dict:
    today = timezone.localdate()

    def call():
        return slots_available(
            appointment_type=halo_session,
            treatment=treatment,
            start_date=today,
            end_date=today + timedelta(days=13),
        )

    call()  # warm: connection, imports
    with CaptureQueriesContext(connection) as queries:
        slots = call()
    query_count = len(queries)  # now: the capture slices the live query log
    timings = []
    for _ in range(CALLS):
        began = time.perf_counter()
        call()
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "queries": query_count,
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[int(CALLS * 0.95) - 1],
        "slots": sum(len(day) for day in slots.values()),
    }


def bookings_fill(consultation, treatment, providers) -> None:
    """5,000 consultations, hourly through each provider's day, centred on today. One patient
    per provider: a patient cannot be in two places at once (an exclusion constraint)."""
    patients = [
        Patient.objects.get_or_create(
            email=f"bench-{n}@example.com", defaults={"first_name": "Bench", "last_name": "Patient"}
        )[0]
        for n in range(3)
    ]
    first_day = timezone.localdate() - timedelta(days=BOOKINGS // (3 * 8 * 2))
    rows = []
    for index in range(BOOKINGS):
        provider = providers[index % 3]
        slot = index // 3
        day = first_day + timedelta(days=slot // 8)
        start = timezone.make_aware(
            timezone.datetime.combine(day, timezone.datetime.min.time())
        ) + timedelta(hours=9 + slot % 8)
        rows.append(
            Booking(
                patient=patients[index % 3],
                provider=provider,
                appointment_type=consultation,
                treatment=treatment,
                start=start,
                end=start + consultation.duration,
                blocked_until=start + consultation.blocked,
                source="phone",
                status="confirmed",
            )
        )
    Booking.objects.bulk_create(rows, batch_size=1000)


def main() -> None:
    halo_session = AppointmentType.objects.select_related("treatment").get(slug="halo-session")
    consultation = AppointmentType.objects.get(slug="free-consultation")
    treatment = halo_session.treatment
    with transaction.atomic():
        Booking.objects.all().delete()
        # Exactly the demo clinic's three HALO providers (an interrupted run of another probe
        # may have left providers of its own behind).
        Provider.objects.filter(display_name__startswith="Bench ").delete()
    providers = list(Provider.objects.filter(treatments=treatment, is_active=True))
    assert len(providers) == 3, "the demo clinic should have three HALO providers"
    empty = measure(halo_session, treatment)
    with transaction.atomic():
        bookings_fill(consultation, treatment, providers)
    full = measure(halo_session, treatment)
    with transaction.atomic():
        Booking.objects.all().delete()  # leave the bench database as it was
    print(json.dumps({"empty": empty, "full": full, "bookings": BOOKINGS}))


if __name__ == "__main__":
    main()

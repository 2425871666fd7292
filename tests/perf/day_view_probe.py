"""Run by bench_day_view.py in a process of its own, on the bench database: renders the
front desk's day view for 5 providers x 5 and 5 providers x 60 bookings through Django's
test client (no network), counting queries and timing renders. Prints one JSON line."""

import json
import os
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bookings.models import AppointmentType, Booking, Patient, Provider, WorkingHours  # noqa: E402
from bookings.selectors import clinic_zone  # noqa: E402
from tests.factories import as_user  # noqa: E402
from treatments.models import Treatment  # noqa: E402

RENDERS = 30
# A Tuesday well clear of the demo's own bookings, and within the ~2 years the app accepts.
DAY = date(2028, 3, 7)


def setup(per_provider: int) -> None:
    Booking.objects.filter(patient__email__endswith="@bench.example").delete()
    Patient.objects.filter(email__endswith="@bench.example").delete()
    Provider.objects.filter(display_name__startswith="Bench ").delete()
    treatment = Treatment.objects.get(slug="halo")
    kind, _ = AppointmentType.objects.get_or_create(
        slug="bench-quick",
        defaults={"name": "Quick check", "kind": "consultation", "duration_minutes": 10},
    )
    zone = clinic_zone()
    for p in range(5):
        provider = Provider.objects.create(display_name=f"Bench {p}")
        provider.treatments.set([treatment])
        WorkingHours.objects.create(
            provider=provider, weekday=DAY.weekday(), start=clock(8), end=clock(19)
        )
        patients = Patient.objects.bulk_create(
            Patient(
                first_name="Bench", last_name=f"{p}-{i}", email=f"{p}-{i}@bench.example", phone="1"
            )
            for i in range(per_provider)
        )
        first = datetime.combine(DAY, clock(8), tzinfo=zone)
        Booking.objects.bulk_create(
            Booking(
                patient=patient,
                provider=provider,
                appointment_type=kind,
                treatment=treatment,
                start=first + timedelta(minutes=10 * i),
                end=first + timedelta(minutes=10 * i + 10),
                blocked_until=first + timedelta(minutes=10 * i + 10),
                source="phone",
            )
            for i, patient in enumerate(patients)
        )


def measure(client: Client) -> dict:
    url = f"/staff/schedule/?date={DAY.isoformat()}"
    client.get(url)  # warm: templates, connection
    # Each request resets the query log (request_started); start the capture from empty.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: the capture slices the live query log, which later requests clear.
    query_count = len(queries)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(RENDERS):
        began = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "queries": query_count,
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[int(RENDERS * 0.95) - 1],
    }


def main() -> None:
    user, _ = get_user_model().objects.get_or_create(username="bench-desk")
    user.groups.add(Group.objects.get(name="Front desk"))
    client = Client(SERVER_NAME="127.0.0.1")
    as_user(client, user)
    results = {}
    for per_provider in (5, 60):
        with transaction.atomic():
            setup(per_provider)
        results[str(per_provider)] = measure(client)
    with transaction.atomic():
        setup(0)
        Provider.objects.filter(display_name__startswith="Bench ").delete()
    print(json.dumps(results))


if __name__ == "__main__":
    main()

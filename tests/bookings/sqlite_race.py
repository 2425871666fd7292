"""Run in a fresh process on a SQLite file (see test_sqlite_serializes_bookings.py): sets up
one provider and one slot, then lets threads with their own connections race for it, and
prints how many bookings and how many "taken" answers there were."""

import os
import sys
import threading
from datetime import UTC, datetime, time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bookings import services  # noqa: E402
from bookings.models import AppointmentType, Booking, Provider, WorkingHours  # noqa: E402
from treatments.models import Treatment  # noqa: E402

RACERS = int(sys.argv[1]) if len(sys.argv) > 1 else 12
START = datetime(2030, 4, 15, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in Chicago

# Finds nothing to do on the test's copy of an already migrated file (tests/sqlite_template.py);
# migrates a new one.
call_command("migrate", verbosity=0)
treatment = Treatment.objects.create(name="HALO", slug="halo", summary="s", is_published=True)
kind = AppointmentType.objects.create(
    name="Consultation",
    slug="c",
    kind="consultation",
    duration_minutes=30,
    is_bookable_online=True,
)
provider = Provider.objects.create(display_name="Dana")
provider.treatments.set([treatment])
WorkingHours.objects.create(provider=provider, weekday=0, start=time(9), end=time(17))
connection.close()

barrier = threading.Barrier(RACERS)
results: list[str] = []


def race(index: int) -> None:
    barrier.wait(timeout=30)
    try:
        services.booking_create(
            appointment_type=kind,
            treatment=treatment,
            start=START,
            provider=provider,
            patient_details=services.PatientDetails(
                first_name="P", last_name=str(index), email=f"p{index}@example.com", phone="1"
            ),
            source="online",
            online=False,
        )
        results.append("booked")
    except services.SlotTaken:
        results.append("taken")
    except Exception as error:  # printed for the test to show
        results.append(f"error: {error!r}")
    finally:
        connection.close()


threads = [threading.Thread(target=race, args=(i,)) for i in range(RACERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=120)
booked, taken = results.count("booked"), results.count("taken")
print(f"booked={booked} taken={taken} rows={Booking.objects.count()}")
print("\n".join(r for r in results if r.startswith("error")))

"""A manager's bookings outside working hours, tried against time off and the shared device.
Imported by test_outside_hours_bookings.py (PostgreSQL), and run as a script in a fresh
process on a SQLite file (`python -m tests.rules.outside_hours_scenario`), which prints the
outcomes one per line."""

import os
from datetime import UTC, datetime, time

# (what is tried, provider, local start on Monday 15 April 2030)
ATTEMPTS = [
    ("into Dana's time off", "Dana", time(6, 30)),
    ("onto the device while Priya holds it", "Dana", time(19, 30)),
    ("after the device is free again", "Dana", time(21, 0)),
]
DAY = (2030, 4, 15)


def outside_hours_outcomes() -> list[str]:
    """Sets up two providers sharing one laser, then books outside hours; one outcome per
    attempt: 'booked' or 'refused'."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from bookings import services
    from bookings.models import AppointmentType, Provider, Resource, TimeOff, WorkingHours
    from treatments.models import Treatment

    zone = ZoneInfo(settings.TIME_ZONE)

    def at(clock: time) -> datetime:
        return datetime(*DAY, clock.hour, clock.minute, tzinfo=zone).astimezone(UTC)

    treatment = Treatment.objects.create(
        name="HALO",
        slug="halo-outside",
        summary="s",
        is_published=True,
        requires_consultation=False,
    )
    device = Resource.objects.create(name="HALO laser (outside hours)")
    session = AppointmentType.objects.create(
        name="HALO session",
        slug="halo-session-outside",
        kind="treatment",
        treatment=treatment,
        resource=device,
        duration_minutes=90,
        buffer_after_minutes=15,
    )
    providers = {}
    for name in ("Dana", "Priya"):
        providers[name] = Provider.objects.create(display_name=f"{name} (outside hours)")
        providers[name].treatments.set([treatment])
        WorkingHours.objects.create(
            provider=providers[name], weekday=0, start=time(9), end=time(17)
        )
    # Early-morning time off, clear of the device's busy evening.
    TimeOff.objects.create(provider=providers["Dana"], start=at(time(6)), end=at(time(8)))

    def book(provider, clock: time, email: str) -> str:
        try:
            services.booking_create(
                appointment_type=session,
                treatment=treatment,
                start=at(clock),
                provider=provider,
                source="phone",
                online=False,
                outside_hours=True,
                patient_details=services.PatientDetails(
                    first_name="P", last_name=email, email=email, phone="1"
                ),
            )
        except services.BookingError:
            return "refused"
        return "booked"

    # Priya holds the laser 19:00-20:30 (and its buffer to 20:45), outside hours too.
    assert book(providers["Priya"], time(19), "priya-patient@example.com") == "booked"
    return [
        book(providers[who], clock, f"p{index}@example.com")
        for index, (_, who, clock) in enumerate(ATTEMPTS)
    ]


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
    django.setup()
    from django.core.management import call_command

    # Finds nothing to do on the test's copy of an already migrated file
    # (tests/sqlite_template.py); migrates a new one.
    call_command("migrate", verbosity=0)
    print("\n".join(outside_hours_outcomes()))

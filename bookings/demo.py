"""The demo clinic's providers, their hours, the HALO device and the appointment types.
Like the treatments' loader it creates only what is missing."""

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from treatments.models import Treatment

from .models import AppointmentType, Closure, Provider, Resource, WorkingHours

# (name, title, treatment slugs, {weekday: [(start, end), ...]}); Monday is 0.
PROVIDERS = [
    (
        "Dana Whitfield",
        "Medical laser technician",
        ["halo", "laser-toning", "laser-resurfacing"],
        {
            1: [("09:00", "13:00"), ("14:00", "18:00")],
            2: [("09:00", "18:00")],
            3: [("10:00", "19:00")],
            5: [("09:00", "14:00")],
        },
    ),
    (
        "Priya Raman",
        "Licensed aesthetician",
        ["halo", "laser-toning"],
        {
            1: [("09:00", "18:00")],
            3: [("10:00", "14:00"), ("15:00", "19:00")],
            4: [("09:00", "18:00")],
            5: [("09:00", "14:00")],
        },
    ),
    (
        "Marcus Ellery",
        "Medical laser technician",
        ["halo", "laser-resurfacing"],
        {2: [("09:00", "18:00")], 3: [("10:00", "19:00")], 4: [("09:00", "18:00")]},
    ),
]

HALO_DEVICE = "HALO laser"

# (slug, name, kind, treatment slug, needs the HALO device, minutes, buffer, online)
APPOINTMENT_TYPES = [
    ("free-consultation", "Free consultation", "consultation", None, False, 30, 10, True),
    ("halo-session", "HALO session", "treatment", "halo", True, 90, 15, False),
    (
        "laser-toning-session",
        "Laser toning session",
        "treatment",
        "laser-toning",
        False,
        45,
        15,
        False,
    ),
    (
        "laser-resurfacing-session",
        "Laser resurfacing session",
        "treatment",
        "laser-resurfacing",
        False,
        120,
        30,
        False,
    ),
]


@transaction.atomic
def bookings_demo_load() -> dict[str, int]:
    created = {"providers": 0, "appointment_types": 0, "resources": 0}
    treatments = {t.slug: t for t in Treatment.objects.all()}
    device, made = Resource.objects.get_or_create(name=HALO_DEVICE)
    created["resources"] += made

    for position, (name, title, slugs, hours) in enumerate(PROVIDERS, start=1):
        provider, made = Provider.objects.get_or_create(
            display_name=name, defaults={"title": title, "position": position}
        )
        if not made:
            continue
        created["providers"] += 1
        provider.treatments.set([treatments[slug] for slug in slugs if slug in treatments])
        WorkingHours.objects.bulk_create(
            WorkingHours(
                provider=provider,
                weekday=weekday,
                start=time.fromisoformat(start),
                end=time.fromisoformat(end),
            )
            for weekday, ranges in hours.items()
            for start, end in ranges
        )

    for slug, name, kind, treatment, needs_device, minutes, buffer, online in APPOINTMENT_TYPES:
        if treatment and treatment not in treatments:
            continue
        _, made = AppointmentType.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "treatment": treatments[treatment] if treatment else None,
                "resource": device if needs_device else None,
                "duration_minutes": minutes,
                "buffer_after_minutes": buffer,
                "is_bookable_online": online,
                "min_notice_minutes": 120,
                "horizon_days": 60,
            },
        )
        created["appointment_types"] += made
    created["closures"] = closures_demo_load(today=timezone.localdate())
    return created


def _thanksgiving(year: int) -> date:
    """The fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def closures_demo_load(*, today: date) -> int:
    """The holidays of this year and the next: Thanksgiving, Christmas Eve (closing at 2),
    Christmas and New Year's Day."""
    made = 0
    for year in (today.year, today.year + 1):
        for day, closes_at, reason in [
            (_thanksgiving(year), None, "Thanksgiving"),
            (date(year, 12, 24), time(14), "Christmas Eve"),
            (date(year, 12, 25), None, "Christmas Day"),
            (date(year + 1, 1, 1), None, "New Year's Day"),
        ]:
            _, new = Closure.objects.get_or_create(
                day=day, defaults={"closes_at": closes_at, "reason": reason}
            )
            made += new
    return made

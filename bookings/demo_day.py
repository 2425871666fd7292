"""The demo clinic lived in: forty patients and a fortnight of their visits around today.

`make run` loads it (medspa/management/commands/load_demo.py) so that a newcomer who logs in
as the front desk sees a real day: consultations and sessions across the providers, visits
already completed this morning, HALO sessions completed a few days ago whose aftercare is
running, a no-show, a cancellation with its reason, and time off.

Everything is placed relative to today and only when missing: patients are found again by
email, and the schedule is written only while the fortnight around today holds no demo
booking, so running the loader twice changes nothing. Upcoming visits go through
services.booking_create (working hours, buffers, the shared HALO laser, time off and the
consultation-first rule all apply). Visits that already happened cannot be booked any more,
so booking_demo_history_record writes them, after asking the same free-slot selector whether
the time was free then, with their status history and the announcements a real day makes
(aftercare starts its course from treatment_completed, as it does for a real completion).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from . import selectors, services, signals
from .models import (
    AppointmentType,
    Booking,
    BookingStatusChange,
    Closure,
    Patient,
    Provider,
    TimeOff,
    WorkingHours,
    phone_digits,
)
from .phones import phone_normalize

DEMO_EMAIL_DOMAIN = "example.com"

# Invented people; their phones are in the 555-01xx range kept for fiction.
DEMO_PATIENTS = [
    ("Avery", "Lindqvist"),
    ("Bea", "Okonkwo"),
    ("Camille", "Ferreira"),
    ("Dev", "Malhotra"),
    ("Elena", "Sokolova"),
    ("Farah", "Haddad"),
    ("Grace", "Whitcombe"),
    ("Hana", "Morimoto"),
    ("Imogen", "Castellano"),
    ("June", "Albright"),
    ("Keisha", "Robinson"),
    ("Lena", "Vasquez"),
    ("Maya", "Thorsen"),
    ("Nadia", "Brennan"),
    ("Olivia", "Kowalczyk"),
    ("Paige", "Delacroix"),
    ("Quinn", "Abernathy"),
    ("Rosa", "Esposito"),
    ("Sienna", "Marchetti"),
    ("Tara", "Nakamura"),
    ("Uma", "Raghunathan"),
    ("Vera", "Lindgren"),
    ("Willa", "Fairbanks"),
    ("Ximena", "Ortega"),
    ("Yara", "Said"),
    ("Zoë", "Ångström-Núñez"),
    ("Amara", "Eze"),
    ("Brooke", "Hollis"),
    ("Celeste", "Duval"),
    ("Daphne", "Rourke"),
    ("Eliza", "Penrose"),
    ("Freya", "Halvorsen"),
    ("Gemma", "Stroud"),
    ("Holly", "Ashdown"),
    ("Iris", "Kaplan"),
    ("Jade", "Mwangi"),
    ("Kira", "Vance"),
    ("Lucia", "Moreau"),
    ("Mira", "Castillo"),
    ("Nora", "Quigley"),
]

# Which treatment each patient came to talk about (by treatment slug), in turn.
INTERESTS = ["halo", "laser-toning", "halo", "laser-resurfacing", "halo", "laser-toning"]

CONSULTATION = "free-consultation"
SESSION_TYPES = {
    "halo": "halo-session",
    "laser-toning": "laser-toning-session",
    "laser-resurfacing": "laser-resurfacing-session",
}
CANCELLATION_REASON = "Travelling for work that week; she will call to find a new date."
TIME_OFF = [
    # (provider, days from the demo day, local start, local end, reason)
    ("Priya Raman", 3, "09:00", "18:00", "Training day: new skin-toning protocols"),
    ("Marcus Ellery", 8, "13:00", "19:00", "Dentist, then the afternoon off"),
]
# How long before today the schedule is looked for: a second run finds it and stops.
SCHEDULE_REACH = timedelta(days=60)


@dataclass(frozen=True)
class Visit:
    """One planned visit: a patient (index into DEMO_PATIENTS), its type and treatment, the
    day (from the demo day), the provider, and roughly where in the day (0 = first free time,
    1 = last); then what happened to it."""

    patient: int
    treatment: str
    day: int
    provider: str
    when: float
    session: bool = False
    path: tuple[str, ...] = ()
    treated_areas: str = ""


def demo_patient_email(first: str, last: str) -> str:
    local = f"{first}.{last}".lower()
    local = "".join(c for c in local if c.isascii() and (c.isalnum() or c == "."))
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


def demo_patients() -> list[Patient]:
    """The demo's patients that exist, in DEMO_PATIENTS order."""
    emails = [demo_patient_email(first, last) for first, last in DEMO_PATIENTS]
    found = {p.email: p for p in Patient.objects.filter(email__in=emails)}
    return [found[email] for email in emails if email in found]


def patients_demo_load() -> int:
    """Creates the demo patients that are missing (found again by email, whatever was edited)."""
    made = 0
    for number, (first, last) in enumerate(DEMO_PATIENTS, start=1):
        email = demo_patient_email(first, last)
        if Patient.objects.filter(email__iexact=email).exists():
            continue
        phone = phone_normalize(f"(312) 555-{100 + number:04d}")
        Patient.objects.create(
            first_name=first,
            last_name=last,
            email=email,
            phone=phone,
            phone_digits=phone_digits(phone),
            # A few patients have stopped some messages, as in any clinic.
            wants_care_tips=number % 7 != 0,
            wants_next_session_nudge=number % 5 != 0,
            # Some like texts too; the laptop's texts are files under var/sms/.
            message_channel=Patient.Channel.BOTH if number % 3 == 0 else Patient.Channel.EMAIL,
            preferred_contact=Patient.Contact.PHONE if number % 4 == 0 else Patient.Contact.EMAIL,
        )
        made += 1
    return made


def demo_day_choose(*, today: date) -> date:
    """The day the demo is busiest: today, or the next day anyone works when the clinic is
    closed today (a newcomer on a Monday still finds a real day one click away)."""
    open_days = set(WorkingHours.objects.values_list("weekday", flat=True).distinct())
    closed = _closed_all_day()
    day = today
    for _ in range(14):
        if day.weekday() in open_days and day not in closed:
            return day
        day += timedelta(days=1)
    return today


def _closed_all_day() -> set[date]:
    return set(Closure.objects.filter(closes_at__isnull=True).values_list("day", flat=True))


def _open_day_near(*, provider: Provider, day: date, step: int) -> date | None:
    """`day`, or the nearest day in the direction of `step` on which the provider works."""
    weekdays = {h.weekday for h in provider.working_hours.all()}
    closed = _closed_all_day()
    for _ in range(14):
        if day.weekday() in weekdays and day not in closed:
            return day
        day += timedelta(days=step)
    return None


def _provider_day_find(*, candidates: list[Provider], day: date) -> tuple[Provider, date] | None:
    """The latest day on or before `day` on which one of `candidates` worked (and the clinic
    was open), and who."""
    closed = _closed_all_day()
    for back in range(14):
        when = day - timedelta(days=back)
        if when in closed:
            continue
        for provider in candidates:
            if when.weekday() in {h.weekday for h in provider.working_hours.all()}:
                return provider, when
    return None


def _plan() -> list[Visit]:
    """The fortnight, by patient. Patients 0-11 had their consultation weeks ago; 0-2 have
    had a HALO session since (10, 3 and 1 days before the demo day; patient 0 another, 38)."""
    dana, priya, marcus = "Dana Whitfield", "Priya Raman", "Marcus Ellery"
    providers = [dana, priya, marcus]
    done = ("checked_in", "completed")
    visits = []
    for index in range(12):  # the consultations that led to treatment
        visits.append(
            Visit(
                index, INTERESTS[index % 6], -40 + 2 * index, providers[index % 3], 0.3, path=done
            )
        )
    visits += [
        # Patient 0 is part-way through her series: sessions four and one-and-a-half weeks
        # ago, so her chart opens from last time and her photos compare session to session.
        Visit(0, "halo", -38, dana, 0.2, session=True, path=done, treated_areas="Full face"),
        Visit(0, "halo", -10, dana, 0.2, session=True, path=done, treated_areas="Full face"),
        Visit(
            1,
            "halo",
            -3,
            marcus,
            0.1,
            session=True,
            path=done,
            treated_areas="Cheeks, forehead and chin",
        ),
        Visit(
            2, "halo", -1, priya, 0.0, session=True, path=done, treated_areas="Full face and neck"
        ),
        # Sessions booked for this week and next.
        Visit(3, "laser-resurfacing", 0, dana, 0.0, session=True),
        Visit(4, "halo", 0, marcus, 0.6, session=True),
        Visit(5, "laser-toning", 0, priya, 0.7, session=True),
        Visit(6, "halo", 2, priya, 0.2, session=True),
        Visit(7, "laser-toning", 4, dana, 0.5, session=True),
        Visit(8, "halo", 7, dana, 0.3, session=True),
        Visit(9, "laser-resurfacing", 9, marcus, 0.1, session=True),
        Visit(10, "halo", 10, marcus, 0.5, session=True),
        Visit(11, "laser-toning", 11, priya, 0.4, session=True),
        # Recent consultations, one of them not attended.
        Visit(12, "halo", -2, dana, 0.5, path=done),
        Visit(13, "laser-toning", -1, priya, 0.6, path=done),
        Visit(14, "halo", -1, dana, 0.4, path=("no_show",)),
        Visit(15, "laser-resurfacing", -3, marcus, 0.6, path=done),
    ]
    # New patients' consultations across the fortnight, two or three a day.
    upcoming = [
        *[(0, when) for when in (0.15, 0.3, 0.45, 0.6, 0.8, 0.95)],
        *[(1, 0.4), (1, 0.7), (2, 0.6), (2, 0.9), (3, 0.3), (3, 0.8), (4, 0.5), (5, 0.5)],
        *[
            (7, 0.6),
            (8, 0.5),
            (8, 0.8),
            (9, 0.6),
            (10, 0.2),
            (11, 0.7),
            (12, 0.3),
            (13, 0.5),
            (14, 0.5),
        ],
    ]
    for offset, (day, when) in enumerate(upcoming):
        index = 16 + offset
        visits.append(Visit(index, INTERESTS[index % 6], day, providers[index % 3], when))
    visits.append(Visit(39, "halo", 6, priya, 0.5, path=("cancelled",)))
    return visits


def _slot_pick(*, appointment_type, treatment, provider, day: date, when: float):
    """The free time about `when` of the way through the provider's day, counted as if it
    were the start of that day (so past days are asked the same question)."""
    day_start, _ = selectors.local_day_bounds(day)
    slots = selectors.slots_available(
        appointment_type=appointment_type,
        treatment=treatment,
        start_date=day,
        end_date=day,
        provider=provider,
        now=day_start,
        online=False,
    ).get(day, [])
    if not slots:
        return None
    return slots[min(len(slots) - 1, int(when * len(slots)))]


def _history_write(booking: Booking, *, to_status: str, at: datetime, by):
    # The day as it went, at its own times. No audit row: the audit log holds what people
    # did, and nobody did this.
    services.booking_status_write(booking, to_status=to_status, by=by, at=at)


def booking_demo_history_record(
    *,
    patient: Patient,
    appointment_type: AppointmentType,
    treatment,
    provider: Provider,
    start: datetime,
    path: tuple[str, ...],
    desk_user=None,
    treated_areas: str = "",
) -> Booking:
    """Demo only: a visit that already happened, with the status history it would have.

    The caller found `start` free with the same selector booking uses; the consultation-first
    rule is checked as booking_create checks it. Bookings announce each step as a real day
    does, so aftercare's course starts from the session, as it does for a real completion."""
    services.consultation_required_check(
        patient=patient, appointment_type=appointment_type, treatment=treatment
    )
    booked_at = start - timedelta(days=6)
    booking = services.booking_row_insert(
        patient=patient,
        provider_id=provider.pk,
        appointment_type=appointment_type,
        treatment=treatment,
        start=start,
        source=Booking.Source.PHONE,
    )
    BookingStatusChange.objects.create(
        booking=booking, to_status=booking.status, changed_by=desk_user, changed_at=booked_at
    )
    signals.booking_confirmed.send(sender=Booking, booking=booking)
    clinician = provider.user
    for to_status in path:
        if to_status == "checked_in":
            _history_write(
                booking, to_status=to_status, at=start - timedelta(minutes=7), by=desk_user
            )
        elif to_status == "completed":
            _history_write(booking, to_status=to_status, at=booking.end, by=clinician)
            if appointment_type.kind == AppointmentType.Kind.TREATMENT:
                _session_record(booking, treated_areas=treated_areas, by=clinician)
        elif to_status == "no_show":
            _history_write(
                booking, to_status=to_status, at=start + timedelta(minutes=20), by=desk_user
            )
    return booking


def _session_record(booking: Booking, *, treated_areas: str, by) -> None:
    services.treatment_session_record(
        booking=booking,
        treated_areas=treated_areas,
        settings_notes="Numbing cream on for 45 minutes first; cooling on; tolerated well.",
        recorded_by=by,
    )


def _time_off_load(*, day: date, providers: dict[str, Provider], desk_user) -> int:
    zone = selectors.clinic_zone()
    made = 0
    for name, offset, start, end, reason in TIME_OFF:
        provider = providers.get(name)
        if provider is None:
            continue
        when = day + timedelta(days=offset)
        begin = datetime.combine(when, datetime.strptime(start, "%H:%M").time(), tzinfo=zone)
        finish = datetime.combine(when, datetime.strptime(end, "%H:%M").time(), tzinfo=zone)
        if TimeOff.objects.filter(provider=provider, start__lt=finish, end__gt=begin).exists():
            continue
        if desk_user is None:
            # --force-demo-patients without the demo logins: no one to act as. The fortnight
            # is still empty, so no booking can sit in this time.
            TimeOff.objects.create(provider=provider, start=begin, end=finish, reason=reason)
        else:
            try:
                services.time_off_create(
                    actor=desk_user, provider=provider, start=begin, end=finish, reason=reason
                )
            except services.BookingError:
                continue
        made += 1
    return made


def schedule_demo_load(*, today: date | None = None, desk_user=None) -> dict[str, int]:
    """The fortnight around the demo day, written only while it holds no demo booking."""
    created = {"bookings": 0, "time_off": 0, "skipped_visits": 0}
    patients = demo_patients()
    today = today or timezone.localdate()
    since, _ = selectors.local_day_bounds(today)
    if Booking.objects.filter(patient__in=patients, start__gte=since - SCHEDULE_REACH).exists():
        return created
    if len(patients) < len(DEMO_PATIENTS):
        return created  # an edited-away demo patient: leave the clinic's data as it is
    providers = {p.display_name: p for p in Provider.objects.filter(is_active=True)}
    types = {t.slug: t for t in AppointmentType.objects.filter(is_active=True)}
    day = demo_day_choose(today=today)
    created["time_off"] = _time_off_load(day=day, providers=providers, desk_user=desk_user)

    for visit in _plan():
        made = _visit_book(
            visit,
            today=today,
            day=day,
            patients=patients,
            providers=providers,
            types=types,
            desk_user=desk_user,
        )
        created["bookings" if made else "skipped_visits"] += 1
    return created


def _visit_book(visit: Visit, *, today, day, patients, providers, types, desk_user) -> bool:
    provider = providers.get(visit.provider)
    slug = SESSION_TYPES[visit.treatment] if visit.session else CONSULTATION
    appointment_type = types.get(slug)
    offered = {t.slug: t for t in provider.treatments.all()} if provider else {}
    treatment = offered.get(visit.treatment)
    if treatment is None and not visit.session and offered:
        # A consultation is about any treatment its provider gives.
        treatment = offered.get("halo") or next(iter(offered.values()))
    if appointment_type is None or treatment is None:
        return False
    # What already happened is counted back from today (a HALO session 3 days ago), what is
    # coming from the demo day.
    base, step = (today, -1) if visit.day < 0 else (day, 1)
    if visit.day < 0:
        # The day it says, with whoever gave that treatment then, before an earlier day.
        others = [
            p for p in providers.values() if p != provider and treatment in p.treatments.all()
        ]
        found = _provider_day_find(
            candidates=[provider, *others], day=base + timedelta(days=visit.day)
        )
        if found is None:
            return False
        provider, when = found
    else:
        when = _open_day_near(provider=provider, day=base + timedelta(days=visit.day), step=step)
    if when is None:
        return False
    slot = _slot_pick(
        appointment_type=appointment_type,
        treatment=treatment,
        provider=provider,
        day=when,
        when=visit.when,
    )
    if slot is None:
        return False
    patient = patients[visit.patient]
    now = timezone.now()
    path = visit.path
    if slot.start <= now and not path:
        # Earlier today: the visit has happened, or is happening.
        over = slot.start + appointment_type.duration <= now
        path = ("checked_in", "completed") if over else ("checked_in",)
    try:
        with transaction.atomic():
            if slot.start <= now:
                if path == ("cancelled",):
                    return False
                booking_demo_history_record(
                    patient=patient,
                    appointment_type=appointment_type,
                    treatment=treatment,
                    provider=provider,
                    start=slot.start,
                    path=path,
                    desk_user=desk_user,
                    treated_areas=visit.treated_areas or "Full face",
                )
                return True
            if path and path != ("cancelled",):
                return False  # a visit that "happened" cannot be in the future
            booking = services.booking_create(
                appointment_type=appointment_type,
                treatment=treatment,
                start=slot.start,
                patient_details=None,
                patient=patient,
                provider=provider,
                source=Booking.Source.PHONE,
                actor=desk_user,
                online=False,
            )
            if path == ("cancelled",):
                services.booking_cancel(
                    booking=booking, reason=CANCELLATION_REASON, actor=desk_user
                )
    except services.BookingError:
        return False
    return True

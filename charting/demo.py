"""Demo charting: the clinic's treated areas and devices with the settings each records, and
signed-off charts for the demo patients' completed HALO sessions, so that the next HALO
session of one of them opens with "last time" beside each field. Both loaders create only
what is missing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bookings import selectors as booking_selectors
from bookings import services as booking_services
from bookings.demo_day import demo_day_choose, demo_patients
from bookings.models import AppointmentType, Booking, Provider
from treatments.models import Treatment

from . import services
from .models import Area, Chart, ChartArea, ChartSetting, Device, DeviceSetting

AREAS = [
    "Full face",
    "Periorbital",
    "Perioral",
    "Neck",
    "Chest",
    "Décolletage",
    "Hands",
]

# (name, treatment slugs, [(key, label, unit, kind, min, max)])
DEVICES = [
    (
        "HALO hybrid fractional laser",
        ["halo"],
        [
            ("ablative-coverage", "Ablative coverage", "%", "number", 0, 60),
            ("ablative-depth", "Ablative depth", "µm", "number", 0, 100),
            ("non-ablative-coverage", "Non-ablative coverage", "%", "number", 0, 60),
            ("non-ablative-depth", "Non-ablative depth", "µm", "number", 100, 700),
            ("passes", "Passes", "", "number", 1, 12),
        ],
    ),
    (
        "Picosecond toning laser",
        ["laser-toning"],
        [
            ("wavelength", "Wavelength", "nm", "number", 500, 1100),
            ("fluence", "Fluence", "J/cm²", "number", 0.1, 10),
            ("spot-size", "Spot size", "mm", "number", 1, 12),
            ("pulse-width", "Pulse width", "ps", "number", 200, 1000),
            ("passes", "Passes", "", "number", 1, 10),
        ],
    ),
    (
        "CO2/Erbium resurfacing laser",
        ["laser-resurfacing"],
        [
            ("wavelength", "Wavelength", "nm", "number", 2900, 10600),
            ("fluence", "Fluence", "J/cm²", "number", 0.5, 30),
            ("spot-size", "Spot size", "mm", "number", 0.1, 10),
            ("pulse-width", "Pulse width", "µs", "number", 50, 2000),
            ("passes", "Passes", "", "number", 1, 6),
        ],
    ),
]

# Each demo HALO session's chart: areas -> settings (the first demo patient's session is the
# one her next session carries forward from).
HALO_AREAS = {
    "Full face": {
        "ablative-coverage": "20",
        "ablative-depth": "20",
        "non-ablative-coverage": "25",
        "non-ablative-depth": "400",
        "passes": "4",
    },
    "Neck": {
        "ablative-coverage": "10",
        "ablative-depth": "15",
        "non-ablative-coverage": "20",
        "non-ablative-depth": "300",
        "passes": "3",
    },
}


def charting_catalogue_demo_load() -> dict[str, int]:
    made = {"chart_areas": 0, "devices": 0, "device_settings": 0}
    for position, name in enumerate(AREAS):
        _, created = Area.objects.get_or_create(name=name, defaults={"position": position * 10})
        made["chart_areas"] += created
    treatments = {t.slug: t for t in Treatment.objects.all()}
    for name, slugs, settings in DEVICES:
        device, created = Device.objects.get_or_create(name=name)
        made["devices"] += created
        if created:
            device.treatments.set([treatments[s] for s in slugs if s in treatments])
        for position, (key, label, unit, kind, low, high) in enumerate(settings):
            _, created = DeviceSetting.objects.get_or_create(
                device=device,
                key=key,
                defaults={
                    "label": label,
                    "unit": unit,
                    "kind": kind,
                    "min_value": low,
                    "max_value": high,
                    "position": position * 10,
                },
            )
            made["device_settings"] += created
    return made


def charting_demo_day_load(*, desk_user=None) -> dict[str, int]:
    """Signed-off charts for the demo patients' completed HALO sessions that have none, and
    (with `desk_user`, who books) the first one's next HALO session with the same provider
    if none is booked, so the demo shows a chart opening from last time."""
    made = {"charts": 0, "follow_up_sessions": 0}
    device = Device.objects.filter(name=DEVICES[0][0], is_active=True).first()
    if device is None:
        return made
    keyed = {s.key: s for s in device.settings.all()}
    areas = {a.name: a for a in Area.objects.filter(name__in=HALO_AREAS)}
    patients = demo_patients()[:3]
    completed = (
        Booking.objects.filter(
            patient__in=patients,
            treatment__slug="halo",
            appointment_type__kind=AppointmentType.Kind.TREATMENT,
            status=Booking.Status.COMPLETED,
            chart__isnull=True,
        )
        .select_related("provider__user", "patient")
        .order_by("start")
    )
    fallback = get_user_model().objects.filter(groups__name="Manager").first()
    for index, booking in enumerate(completed):
        author = booking.provider.user or fallback
        if author is None:
            continue
        chosen = list(HALO_AREAS) if index % 2 == 0 else ["Full face"]
        with transaction.atomic():
            chart = Chart.objects.create(
                booking=booking,
                device=device,
                device_name=device.name,
                skin_type=["II", "III", "IV"][index % 3],
                anaesthetic="Topical lidocaine 23% / tetracaine 7%",
                anaesthetic_minutes=45,
                erythema=2,
                oedema=1,
                next_time_notes="Tolerated well; consider raising ablative coverage a little.",
                created_by=author,
            )
            for name in chosen:
                if name not in areas:
                    continue
                chart_area = ChartArea.objects.create(
                    chart=chart, area=areas[name], area_name=areas[name].name
                )
                ChartSetting.objects.bulk_create(
                    ChartSetting(
                        chart_area=chart_area,
                        setting=keyed[key],
                        label=keyed[key].label,
                        unit=keyed[key].unit,
                        value=value,
                    )
                    for key, value in HALO_AREAS[name].items()
                    if key in keyed
                )
            # Signed off last, as a provider does: the areas cannot be added after it.
            services._chart_sign_off_write(chart, by=author, at=booking.end)
        made["charts"] += 1
    if desk_user is not None and patients:
        made["follow_up_sessions"] = _follow_up_book(patient=patients[0], desk_user=desk_user)
    return made


def _follow_up_book(*, patient, desk_user) -> int:
    last = (
        Booking.objects.filter(patient=patient, treatment__slug="halo", chart__isnull=False)
        .select_related("provider", "appointment_type", "treatment")
        .order_by("-start")
        .first()
    )
    if last is None:
        return 0
    upcoming = Booking.objects.filter(
        patient=patient,
        treatment=last.treatment,
        start__gt=last.start,
        status__in=Booking.LIVE_STATUSES,
    )
    if upcoming.exists():
        return 0
    # With the last session's provider if they can log in to the demo, else with one who can
    # (Dana), so the demo's provider login finds a session that opens from last time.
    provider = last.provider
    if provider.user_id is None:
        provider = (
            Provider.objects.filter(is_active=True, user__isnull=False, treatments=last.treatment)
            .order_by("position")
            .first()
        ) or provider
    day = demo_day_choose(today=timezone.localdate())
    slots = booking_selectors.slots_available(
        appointment_type=last.appointment_type,
        treatment=last.treatment,
        start_date=day,
        end_date=day + timedelta(days=13),
        provider=provider,
        online=False,
    )
    for found in slots.values():
        for slot in found:
            try:
                with transaction.atomic():
                    booking_services.booking_create(
                        appointment_type=last.appointment_type,
                        treatment=last.treatment,
                        start=slot.start,
                        patient_details=None,
                        patient=patient,
                        provider=provider,
                        source=Booking.Source.PHONE,
                        actor=desk_user,
                        online=False,
                    )
            except booking_services.BookingError:
                continue
            return 1
    return 0

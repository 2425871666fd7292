"""Demo clinical photos: neutral placeholder pictures drawn with Pillow (a face-like
silhouette on a soft gradient, labelled with its view), for one demo patient's two completed
HALO sessions (a patient who agreed to photos on their consent form), so the comparison page
has something to show. No real person's photo.

Idempotent: a patient who already has photos is left as they are."""

import io
from datetime import timedelta

from django.db import IntegrityError, transaction
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bookings.models import Booking, Patient

from . import access, images, services
from .models import Photo

SIZE = (900, 1200)
DEMO_VIEWS = [Photo.View.FRONT, Photo.View.LEFT_45, Photo.View.RIGHT_PROFILE]
# Where the head sits and how it is turned, per view: (centre shift, nose side).
_TURN = {
    Photo.View.FRONT: (0, 0),
    Photo.View.LEFT_45: (-60, -1),
    Photo.View.RIGHT_45: (60, 1),
    Photo.View.LEFT_PROFILE: (-120, -1),
    Photo.View.RIGHT_PROFILE: (120, 1),
}


def placeholder_draw(*, view: str, phase: str, caption: str) -> bytes:
    """A JPEG of an abstract head and shoulders; "after" a little calmer in tone."""
    width, height = SIZE
    top, bottom = ((196, 206, 214), (232, 226, 216))
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    shift, nose = _TURN[view]
    cx = width // 2 + shift
    skin = (214, 170, 150) if phase == Photo.Phase.BEFORE else (222, 186, 166)
    draw.ellipse([cx - 330, 880, cx + 330, 1400], fill=(120, 135, 150))  # shoulders
    draw.rectangle([cx - 90, 700, cx + 90, 920], fill=skin)  # neck
    draw.ellipse([cx - 210, 260, cx + 210, 800], fill=skin)  # head
    if nose:
        tip = cx + nose * 240
        draw.polygon([(cx + nose * 190, 470), (tip, 560), (cx + nose * 190, 590)], fill=skin)
    if phase == Photo.Phase.BEFORE:  # a few faint patches the treatment is for
        for dx, dy in ((-90, 560), (80, 600), (-40, 470)):
            draw.ellipse([cx + dx - 28, dy - 18, cx + dx + 28, dy + 18], fill=(196, 140, 124))
    image = image.filter(ImageFilter.GaussianBlur(3))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    draw.rectangle([0, 0, width, 90], fill=(31, 42, 48))
    draw.text((30, 22), caption, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _completed_halo(patient: Patient) -> list[Booking]:
    return list(
        Booking.objects.filter(
            patient=patient,
            status=Booking.Status.COMPLETED,
            appointment_type__kind="treatment",
            treatment__slug="halo",
        )
        .select_related("provider__user", "appointment_type", "treatment", "patient")
        .order_by("start")
    )


def _is_free(booking: Booking, start) -> bool:
    end = start + booking.appointment_type.blocked
    busy = Booking.objects.filter(
        status__in=Booking.LIVE_STATUSES, start__lt=end, blocked_until__gt=start
    )
    clash = busy.filter(provider=booking.provider)
    if booking.resource_id:
        clash = clash | busy.filter(resource_id=booking.resource_id)
    return not clash.exists()


def _earlier_session_record(later: Booking) -> Booking | None:
    """The demo's schedule gives each patient one HALO session so far: record the one four
    weeks before it, at the same time of day, as the clinic's history would have it."""
    from bookings.demo_day import booking_demo_history_record

    for days in range(28, 36):
        start = later.start - timedelta(days=days)
        if start.weekday() >= 5 or not _is_free(later, start):
            continue
        try:
            with transaction.atomic():
                return booking_demo_history_record(
                    patient=later.patient,
                    appointment_type=later.appointment_type,
                    treatment=later.treatment,
                    provider=later.provider,
                    start=start,
                    path=("checked_in", "completed"),
                    treated_areas="Full face",
                )
        except IntegrityError:
            continue
    return None


def _demo_patient() -> tuple[Patient, list[Booking]] | None:
    """A patient with two completed HALO sessions, else one with one (given an earlier)."""
    candidates = (
        Patient.objects.filter(
            bookings__status=Booking.Status.COMPLETED,
            bookings__treatment__slug="halo",
            bookings__appointment_type__kind="treatment",
        )
        .distinct()
        .order_by("pk")
    )
    single = None
    for patient in candidates:
        # Only a patient who agreed to photos on their consent form (photo_add refuses others).
        if not access.may_photograph(patient):
            continue
        sessions = _completed_halo(patient)
        if len(sessions) >= 2:
            return patient, sessions[-2:]
        single = single or (patient, sessions)
    if single is None:
        return None
    patient, sessions = single
    earlier = _earlier_session_record(sessions[0])
    return (patient, [earlier, sessions[0]]) if earlier else None


def _manager():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name="Manager").order_by("pk").first()


def photos_demo_day_load() -> dict:
    found = _demo_patient()
    if found is None:
        return {"photos": 0, "patient": ""}
    patient, sessions = found
    if Photo.objects.filter(patient=patient).exists():
        return {"photos": 0, "patient": patient.full_name}
    made = 0
    for booking in sessions:
        # The session's provider, or (a provider without a login) a manager. Without the
        # demo's staff logins (a staging site) there is no one to take them: none are made.
        actor = booking.provider.user or _manager()
        if actor is None:
            return {"photos": made, "patient": patient.full_name}
        day = booking.start.date().isoformat()
        for view in DEMO_VIEWS:
            for phase in (Photo.Phase.BEFORE, Photo.Phase.AFTER):
                label = f"{Photo.View(view).label}, {phase}, {day}"
                data = placeholder_draw(view=view, phase=phase, caption=label)
                clean = images.CleanPhoto(data, *SIZE)
                photo = services.photo_add(
                    actor=actor, booking=booking, image=clean, view=view, phase=phase
                )
                # Made here rather than waiting for a worker the demo may not be running.
                services.photo_renditions_make(photo=photo)
                made += 1
    return {"photos": made, "patient": patient.full_name}

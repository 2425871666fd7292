"""Reads of clinical photos with rules in them: a patient's photos by session (one query,
however many sessions), the previous session's photo to line a new one up with, and the two
photos a comparison lays side by side."""

from dataclasses import dataclass, field

from bookings.models import Booking, Patient

from .access import photos_patient_may_see  # noqa: F401  (the patient-side gate, re-exported)
from .models import Photo

VIEW_ORDER = {value: index for index, value in enumerate(Photo.View.values)}
PHASE_ORDER = {value: index for index, value in enumerate(Photo.Phase.values)}


def _in_order(photos: list[Photo]) -> list[Photo]:
    """Front first, then the angles, before ahead of after, then as taken."""
    return sorted(photos, key=lambda p: (VIEW_ORDER[p.view], PHASE_ORDER[p.phase], p.taken_at))


@dataclass
class SessionPhotos:
    booking: Booking
    photos: list[Photo] = field(default_factory=list)

    @property
    def preparing(self) -> int:
        return sum(not p.is_ready for p in self.photos)


def photos_by_session(patient: Patient) -> list[SessionPhotos]:
    """Every session with photos, newest first: ONE query for any number of sessions."""
    sessions: dict[int, SessionPhotos] = {}
    photos = (
        Photo.objects.filter(patient=patient)
        .select_related("booking__treatment", "area")
        .order_by("-booking__start", "taken_at")
    )
    for photo in photos:
        sessions.setdefault(photo.booking_id, SessionPhotos(photo.booking)).photos.append(photo)
    for session in sessions.values():
        session.photos = _in_order(session.photos)
    return list(sessions.values())


def photos_count(patient: Patient) -> int:
    return Photo.objects.filter(patient=patient).count()


def session_photos(booking: Booking) -> list[Photo]:
    return _in_order(list(Photo.objects.filter(booking=booking).select_related("area")))


def ghosts_for(booking: Booking) -> list[Photo]:
    """For each view, area and phase: the latest photo from an earlier session of the same
    patient, to show faintly over the camera so the new one is taken in the same pose."""
    latest: dict[tuple, Photo] = {}
    earlier = (
        Photo.objects.filter(patient_id=booking.patient_id, booking__start__lt=booking.start)
        .select_related("booking", "area")
        .order_by("-booking__start", "-taken_at")
    )
    for photo in earlier:
        latest.setdefault((photo.view, photo.area_id, photo.phase), photo)
    return list(latest.values())


def comparison_photo(
    *, patient: Patient, booking: Booking | None, view: str, phase: str, area_id: int | None
) -> Photo | None:
    """The session's latest photo of that view, phase and area (a retake replaces a miss)."""
    if booking is None:
        return None
    return (
        Photo.objects.filter(
            patient=patient, booking=booking, view=view, phase=phase, area_id=area_id
        )
        .select_related("booking", "area")
        .order_by("-taken_at")
        .first()
    )


def sessions_with_photos(patient: Patient) -> list[Booking]:
    """The patient's sessions that have photos, oldest first (the order one compares in)."""
    return list(
        Booking.objects.filter(patient=patient, clinical_photos__isnull=False)
        .select_related("treatment")
        .distinct()
        .order_by("start")
    )


def photos_count_for_booking(booking: Booking) -> int:
    return Photo.objects.filter(booking=booking).count()


def comparison_defaults(patient: Patient, sessions: list[Booking]) -> dict:
    """What the comparison shows before anything is chosen: the front view of the first
    session "before" and of the last session "after", each side falling back to the other
    phase when its session only has that one (an "after" never taken is no reason to show
    an empty frame beside a photo that exists). One query."""
    defaults = {"view": Photo.View.FRONT, "first_phase": "before", "second_phase": "after"}
    if not sessions:
        return defaults
    first, second = sessions[0], sessions[-1]
    taken = set(
        Photo.objects.filter(
            patient=patient,
            booking__in=[first, second],
            view=Photo.View.FRONT,
            area__isnull=True,
        ).values_list("booking_id", "phase")
    )
    other = {Photo.Phase.BEFORE: Photo.Phase.AFTER, Photo.Phase.AFTER: Photo.Phase.BEFORE}
    for side, booking in (("first", first), ("second", second)):
        wanted = defaults[f"{side}_phase"]
        if (booking.pk, wanted) not in taken and (booking.pk, other[wanted]) in taken:
            defaults[f"{side}_phase"] = str(other[wanted])
    return defaults | {"first": first.public_id, "second": second.public_id}

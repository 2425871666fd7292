"""Signed links through which a patient sees their own clinical photos (on their aftercare
timeline), in the way aftercare signs its timeline links: the photo's id, signed with the
site's key and a salt of its own, expiring after PHOTO_PATIENT_LINK_MAX_AGE_DAYS. The link
works only while the clinic shows photos to patients and the patient's photo consent lets it
(checked again on every request, so withdrawing consent closes every link at once)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse

from bookings.models import Booking, Patient
from practice.links import LinkKind, link_sign, link_values

from .access import photos_patient_may_see
from .models import Photo

PHOTO_LINK = LinkKind(
    "photos.patient-link", fields=("f",), max_age_setting="PHOTO_PATIENT_LINK_MAX_AGE_DAYS"
)


def photo_patient_path(photo: Photo) -> str:
    token = link_sign(PHOTO_LINK, f=photo.public_id.hex)
    return reverse("photos:patient_photo", kwargs={"token": token})


def photo_from_token(token: str) -> Photo | None:
    values = link_values(PHOTO_LINK, token)
    if values is None:
        return None
    try:
        return (
            Photo.objects.select_related("patient", "booking").filter(public_id=values["f"]).first()
        )
    except ValidationError:  # a malformed id inside a valid signature: no such photo
        return None


@dataclass(frozen=True)
class PatientPhoto:
    label: str
    url: str
    photo: Photo


def patient_photos_for_timeline(patient: Patient, *, booking: Booking) -> list[PatientPhoto]:
    """What the patient's aftercare timeline of `booking` may show: nothing unless the clinic
    and the patient's consent both allow it."""
    if not photos_patient_may_see(patient):
        return []
    photos = Photo.objects.filter(patient=patient, booking=booking).select_related("area")
    from .selectors import _in_order

    return [PatientPhoto(p.label, photo_patient_path(p), p) for p in _in_order(list(photos))]

"""Who may see and take clinical photos: the one home for the rule, asked by the services
(which refuse), by the views and panels (which hide) and by the image view (which checks
again on every request, so a copied address is worth nothing to anyone else).

| what                                        | front desk   | provider     | manager |
|---------------------------------------------|--------------|--------------|---------|
| see a patient's photos (pages and images)   | no: a count  | own patients | all     |
| take photos in a treatment session          | no           | own bookings | all     |
| the patient themselves (signed link)        | only if the clinic shows them AND they agreed  |

Photos are clinical data: the same permission as clinical notes (view_clinical_notes), on a
patient the user may see at all (bookings.access). The front desk is told how many there are,
so it can answer "were photos taken?", and no more.
"""

from django.http import Http404

from bookings import access
from bookings.access import User
from bookings.models import Booking, Patient

from .models import Photo

# A photo belongs to the session it was taken in: never to one that did not happen.
SESSION_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN, Booking.Status.COMPLETED)


def may_see_photos(user: User, patient: Patient) -> bool:
    return access.may_read_clinical(user) and access.may_see_patient(user, patient)


def may_count_photos(user: User, patient: Patient) -> bool:
    """How many photos there are (not what they show): anyone who may see the patient."""
    return access.may_see_patient(user, patient)


def may_take_photos(user: User, booking: Booking) -> bool:
    return access.may_read_clinical(user) and access.may_see_booking(user, booking)


def session_takes_photos(booking: Booking) -> bool:
    """A treatment session that is happening or happened (not a consultation, not cancelled)."""
    return booking.is_treatment and booking.status in SESSION_STATUSES


def photo_for(user: User, public_id, *, what: str = "clinical photo") -> Photo:
    """The photo `user` asked for: 404 if there is none, 403 (recorded) if their role or
    their patients do not include it."""
    photo = (
        Photo.objects.select_related("patient", "booking", "area")
        .filter(public_id=public_id)
        .first()
    )
    if photo is None:
        raise Http404("No such photo.")
    access.require(
        may_see_photos(user, photo.patient), actor=user, what=what, patient=photo.patient
    )
    return photo


def patient_photos_for(user: User, public_id, *, what: str = "clinical photos") -> Patient:
    """The patient whose photos `user` asked for: 404, or 403 (recorded)."""
    patient = access.patient_for(user, public_id, what=what)
    access.require(access.may_read_clinical(user), actor=user, what=what, patient=patient)
    return patient


def photos_patient_may_see(patient: Patient) -> bool:
    """The patient sees their own photos only if the clinic shows them (Clinic setting) AND
    they agreed to it in their photo consent."""
    from treatments.selectors import clinic_get

    clinic = clinic_get()
    if clinic is None or not clinic.patients_see_photos:
        return False
    # Imported here: consent is built beside photos and must not be needed to load it.
    from consent.selectors import photo_release_given

    return bool(photo_release_given(patient))

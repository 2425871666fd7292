"""Who may see and take clinical photos: the one home for the rule, asked by the services
(which refuse), by the views and panels (which hide) and by the image view (which checks
again on every request, so a copied address is worth nothing to anyone else).

| what                                        | front desk   | provider     | manager |
|---------------------------------------------|--------------|--------------|---------|
| see a patient's photos (pages and images)   | no: a count  | own patients | all     |
| take photos in a treatment session          | no           | own bookings | all     |
| the patient themselves (signed link)        | only if the clinic shows them AND they agreed  |

Photos are clinical data: who may read them is bookings.access.may_read_clinical_record (the
rule for charts and medical histories too), and which sessions may hold them is
Booking.may_hold_clinical_record. The front desk is told how many there are, so it can answer
"were photos taken?", and no more. No photo is taken unless the patient agreed to photos
(the question on the treatment's consent form; their latest answer counts).
"""

from django.http import Http404

from bookings import access
from bookings.access import User
from bookings.models import Booking, Patient
from consent.selectors import photo_release_given

from .models import Photo

NO_CONSENT = (
    "No photo consent: the patient has not agreed to photos "
    "(asked on the treatment's consent form)."
)


def may_see_photos(user: User, patient: Patient) -> bool:
    return access.may_read_clinical_record(user, patient)


def may_see_session_photos(user: User, booking: Booking) -> bool:
    """One session's photos go with the patient, not the session: a provider sees those of
    her own patients' sessions with a colleague, as she reads their charts."""
    return may_see_photos(user, booking.patient)


def may_photograph(patient: Patient) -> bool:
    """The patient agreed that the clinic may take before-and-after photos: their latest answer
    to the consent form's photo question was yes (a later "no" stops new photos; the ones
    already taken stay in the record)."""
    return photo_release_given(patient)


def may_count_photos(user: User, patient: Patient) -> bool:
    """How many photos there are (not what they show): anyone who may see the patient."""
    return access.may_see_patient(user, patient)


def may_take_photos(user: User, booking: Booking) -> bool:
    return access.may_read_clinical(user) and access.may_see_booking(user, booking)


def session_takes_photos(booking: Booking) -> bool:
    """A treatment session that is happening or happened (not a consultation, not cancelled):
    a photo belongs to the session it was taken in, never to one that did not happen."""
    return booking.may_hold_clinical_record


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


def session_for(user: User, public_id, *, what: str = "session photos") -> Booking:
    """The session whose photos `user` asked for: 404 if there is none, 403 (recorded) unless
    they may see its photos (not whether they may see the booking itself)."""
    return access.booking_for(user, public_id, what=what, may_see=may_see_session_photos)


def patient_photos_for(user: User, public_id, *, what: str = "clinical photos") -> Patient:
    """The patient whose photos `user` asked for: 404, or 403 (recorded)."""
    patient = access.patient_for(user, public_id, what=what)
    access.require(may_see_photos(user, patient), actor=user, what=what, patient=patient)
    return patient


def photos_patient_may_see(patient: Patient) -> bool:
    """The patient sees their own photos only if the clinic shows them (Clinic setting) AND
    they agreed to it in their photo consent."""
    from treatments.selectors import clinic_get

    clinic = clinic_get()
    if clinic is None or not clinic.patients_see_photos:
        return False
    return photo_release_given(patient)

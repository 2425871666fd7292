"""The forms link on the patient's manage page (bookings' patient-links registry), while any
form of a treatment booking is still to sign."""

from bookings import patient_links
from bookings.models import Booking

from . import selectors
from .links import forms_path


def forms_link(booking: Booking) -> list[patient_links.PatientLink]:
    if not booking.is_upcoming or not booking.appointment_type.is_treatment:
        return []
    unsigned = [s for s in selectors.booking_form_states(booking) if not s.is_signed]
    if not unsigned:
        return []
    return [
        patient_links.PatientLink(
            "Sign your forms",
            forms_path(booking),
            "Before your session: " + ", ".join(s.template.title for s in unsigned) + ".",
        )
    ]


patient_links.register(manage=forms_link)

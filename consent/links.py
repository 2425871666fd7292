"""The patient's link to the forms of one booking: signed, unguessable, and dead once the
booking is cancelled or a week past. It names the patient and the booking by their random
public ids under its own salt; nothing in it is sequential."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking

SALT = "consent.forms-link"


def forms_token(booking: Booking) -> str:
    return signing.dumps(
        {"b": booking.public_id.hex, "p": booking.patient.public_id.hex}, salt=SALT
    )


def forms_path(booking: Booking) -> str:
    return reverse("consent:forms", kwargs={"token": forms_token(booking)})


def booking_from_forms_token(token: str) -> Booking | None:
    """The booking a forms link is for, or None for a tampered link, a cancelled booking or
    one more than a week past."""
    try:
        data = signing.loads(token, salt=SALT)
        booking_id, patient_id = data["b"], data["p"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    booking = (
        Booking.objects.select_related("patient", "treatment", "appointment_type", "provider")
        .filter(public_id=booking_id, patient__public_id=patient_id)
        .first()
    )
    if booking is None or not booking.is_live or booking.patient.erased_at is not None:
        return None
    if timezone.now() > booking.end + timedelta(days=7):
        return None
    return booking

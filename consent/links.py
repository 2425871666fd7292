"""The patient's link to the forms of one booking: signed, unguessable, expiring after
FORMS_LINK_MAX_AGE_DAYS, and dead once the booking is cancelled or a week past. It names the
patient and the booking by their random public ids; nothing in it is sequential."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from practice.links import LinkKind, link_sign, link_values

FORMS_LINK = LinkKind(
    "consent.forms-link", fields=("b", "p"), max_age_setting="FORMS_LINK_MAX_AGE_DAYS"
)


def forms_token(booking: Booking) -> str:
    return link_sign(FORMS_LINK, b=booking.public_id.hex, p=booking.patient.public_id.hex)


def forms_path(booking: Booking) -> str:
    return reverse("consent:forms", kwargs={"token": forms_token(booking)})


def booking_from_forms_token(token: str) -> Booking | None:
    """The booking a forms link is for, or None for a tampered or expired link, a cancelled
    booking or one more than a week past."""
    values = link_values(FORMS_LINK, token)
    if values is None:
        return None
    booking = (
        Booking.objects.select_related("patient", "treatment", "appointment_type", "provider")
        .filter(public_id=values["b"], patient__public_id=values["p"])
        .first()
    )
    if booking is None or not booking.is_live or booking.patient.erased_at is not None:
        return None
    if timezone.now() > booking.end + timedelta(days=7):
        return None
    return booking

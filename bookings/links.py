"""Manage-my-booking links: signed, expiring, and dead once the booking is cancelled.

A link carries the booking's random public id and its per-booking secret, signed with the
project's secret key under its own salt. Nothing in it is guessable or sequential.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import Booking

SALT = "bookings.manage-link"


def booking_manage_token(booking: Booking) -> str:
    return signing.dumps({"b": booking.public_id.hex, "t": booking.manage_token}, salt=SALT)


def booking_manage_path(booking: Booking) -> str:
    return reverse("bookings:manage", kwargs={"token": booking_manage_token(booking)})


def booking_from_manage_token(token: str) -> Booking | None:
    """The booking a link points at, or None for a tampered, expired or dead link.

    A link lives BOOKING_LINK_MAX_AGE_DAYS, and in any case until a week after its
    appointment, so a booking made far ahead can always be managed from its confirmation.
    """
    expired = False
    try:
        try:
            data = signing.loads(
                token, salt=SALT, max_age=settings.BOOKING_LINK_MAX_AGE_DAYS * 24 * 3600
            )
        except signing.SignatureExpired:
            data, expired = signing.loads(token, salt=SALT), True
        public_id, secret = data["b"], data["t"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    booking = (
        Booking.objects.select_related("patient", "provider", "treatment", "appointment_type")
        .filter(public_id=public_id)
        .first()
    )
    if booking is None or not constant_time_compare(booking.manage_token, str(secret)):
        return None
    if expired and timezone.now() > booking.end + timedelta(days=7):
        return None
    return booking


def booking_cancelled_from_manage_token(token: str) -> Booking | None:
    """The booking a dead link was for, if it died because the booking was cancelled: its
    page can then say so (and when), instead of "no longer valid". A tampered link, or one
    for a booking that is not cancelled, gives None."""
    try:
        public_id = signing.loads(token, salt=SALT)["b"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        Booking.objects.select_related("appointment_type", "treatment")
        .filter(public_id=public_id, status=Booking.Status.CANCELLED)
        .first()
    )

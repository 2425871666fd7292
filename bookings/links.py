"""Manage-my-booking links: signed, expiring, and dead once the booking is cancelled.

A link carries the booking's random public id and its per-booking secret, signed with the
project's secret key under its own salt. Nothing in it is guessable or sequential.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from practice.links import LinkKind, link_open, link_sign

from .models import Booking

MANAGE_LINK = LinkKind(
    "bookings.manage-link", fields=("b", "t"), max_age_setting="BOOKING_LINK_MAX_AGE_DAYS"
)


def booking_manage_token(booking: Booking) -> str:
    return link_sign(MANAGE_LINK, b=booking.public_id.hex, t=booking.manage_token)


def booking_manage_path(booking: Booking) -> str:
    return reverse("bookings:manage", kwargs={"token": booking_manage_token(booking)})


def booking_from_manage_token(token: str) -> Booking | None:
    """The booking a link points at, or None for a tampered, expired or dead link.

    A link lives BOOKING_LINK_MAX_AGE_DAYS, and in any case until a week after its
    appointment, so a booking made far ahead can always be managed from its confirmation.
    """
    opened = link_open(MANAGE_LINK, token)
    if opened is None:
        return None
    booking = (
        Booking.objects.select_related("patient", "provider", "treatment", "appointment_type")
        .filter(public_id=opened.values["b"])
        .first()
    )
    if booking is None or not constant_time_compare(booking.manage_token, opened.values["t"]):
        return None
    if opened.expired and timezone.now() > booking.end + timedelta(days=7):
        return None
    return booking


def booking_cancelled_from_manage_token(token: str) -> Booking | None:
    """The booking a dead link was for, if it died because the booking was cancelled: its
    page can then say so (and when), instead of "no longer valid". A tampered link, or one
    for a booking that is not cancelled, gives None."""
    opened = link_open(MANAGE_LINK, token)
    if opened is None:
        return None
    return (
        Booking.objects.select_related("appointment_type", "treatment")
        .filter(public_id=opened.values["b"], status=Booking.Status.CANCELLED)
        .first()
    )

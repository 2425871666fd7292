"""Booking emails: confirmation, moved, cancelled. HTML and plain text, with the .ics.

Each is written when its event happens (by the outbox, inside the booking's transaction), so
it says what was booked, moved or cancelled at that moment. They carry the time, the place,
the clinic's phone and the manage link; never screening answers or anything else a patient
told us about their health.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from treatments.models import Clinic

from . import preferences
from .calendar import REQUEST, booking_ics
from .links import booking_manage_path
from .models import AppointmentType, Booking

CONFIRMED, MOVED, CANCELLED = "confirmed", "moved", "cancelled"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _subject(booking: Booking, event: str) -> str:
    if event == MOVED:
        return "Your appointment has moved"
    if event == CANCELLED:
        return "Your appointment is cancelled"
    if booking.appointment_type.kind == AppointmentType.Kind.CONSULTATION:
        return "Your free consultation is booked"
    return f"Your {booking.treatment.name} session is booked"


def booking_email_build(
    *, booking: Booking, event: str, previous_start: datetime | None = None
) -> EmailMultiAlternatives:
    clinic = Clinic.objects.prefetch_related("opening_hours").filter(pk=Clinic.SINGLETON_ID).first()
    subject = _subject(booking, event)
    context = {
        "booking": booking,
        "clinic": clinic,
        "kind": event,
        "subject": subject,
        "previous_start": previous_start,
        "manage_url": None if event == CANCELLED else site_url(booking_manage_path(booking)),
        "book_again_url": site_url("/book/"),
        "preferences_url": site_url(preferences.preferences_path(booking.patient)),
        "privacy_url": site_url(reverse("treatments:privacy")),
    }
    message = EmailMultiAlternatives(
        subject=f"{subject} | {clinic.name}" if clinic else subject,
        body=render_to_string("bookings/email/booking.txt", context),
        to=[booking.patient.email],
        reply_to=[clinic.email] if clinic else None,
    )
    message.attach_alternative(
        render_to_string("bookings/email/booking.html", context), "text/html"
    )
    message.attach(
        "appointment.ics",
        booking_ics(booking, clinic=clinic, method=REQUEST),
        "text/calendar",
    )
    return message

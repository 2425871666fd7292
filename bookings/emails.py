"""Booking emails: confirmation, moved, cancelled. HTML and plain text, with the .ics.

They carry the time, the place, the clinic's phone and the manage link; never screening
answers or anything else a patient told us about their health.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from treatments.models import Clinic

from .calendar import booking_ics
from .links import booking_manage_path
from .models import Booking

SUBJECTS = {
    "confirmed": "Your free consultation is booked",
    "moved": "Your appointment has moved",
    "cancelled": "Your appointment is cancelled",
}


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def booking_email_build(*, booking: Booking, kind: str) -> EmailMultiAlternatives:
    clinic = Clinic.objects.prefetch_related("opening_hours").filter(pk=Clinic.SINGLETON_ID).first()
    subject = SUBJECTS[kind]
    if (
        booking.appointment_type.kind != booking.appointment_type.Kind.CONSULTATION
        and kind == "confirmed"
    ):
        subject = "Your appointment is booked"
    context = {
        "booking": booking,
        "clinic": clinic,
        "kind": kind,
        "subject": subject,
        "manage_url": None if kind == "cancelled" else site_url(booking_manage_path(booking)),
        "book_again_url": site_url("/book/"),
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
    method = "CANCEL" if kind == "cancelled" else "REQUEST"
    message.attach(
        "appointment.ics",
        booking_ics(booking, clinic=clinic),
        f"text/calendar; charset=utf-8; method={method}",
    )
    return message


def booking_email_send(*, booking_id: int, kind: str) -> None:
    booking = Booking.objects.select_related(
        "patient", "provider", "treatment", "appointment_type"
    ).get(pk=booking_id)
    booking_email_build(booking=booking, kind=kind).send()

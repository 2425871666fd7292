"""Booking emails: confirmation, moved, cancelled. HTML and plain text, with the .ics.

Each is written when its event happens (by the outbox, inside the booking's transaction), so
it says what was booked, moved or cancelled at that moment. They carry the time, the place
(with a map link), the clinic's phone, the manage link, "Add to Google Calendar / Outlook"
links beside the .ics, what to bring and the cancellation policy, in the one email layout
(templates/email/base.html); never screening answers or anything else a patient told us
about their health, and never the treatment (bookings/message_words.py says why): the
manage link leads to the page that names it.
"""

from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from practice.site import site_url
from treatments.models import Clinic

from . import preferences
from .calendar import REQUEST, booking_ics
from .calendar_links import booking_calendar_links, clinic_map_url
from .links import booking_manage_path
from .message_words import appointment_noun, appointment_what, when_in_words
from .models import Booking

CONFIRMED, MOVED, CANCELLED = "confirmed", "moved", "cancelled"


def what_to_bring(booking: Booking) -> list[str]:
    """What the patient brings to the appointment: general, and the same in every email (the
    confirmation, a move, the reminder). Nothing about their own answers."""
    things = [
        "A photo ID.",
        "A list of the medicines and skincare products you use (the names are enough).",
    ]
    if booking.is_treatment:
        things.append("Clean skin: please come without make-up.")
    return things


def _subject(booking: Booking, event: str) -> str:
    if event == MOVED:
        return "Your appointment has moved"
    if event == CANCELLED:
        return "Your appointment is cancelled"
    return f"Your {appointment_noun(booking)} is booked"


def booking_email_build(
    *, booking: Booking, event: str, previous_start: datetime | None = None
) -> EmailMultiAlternatives:
    clinic = Clinic.objects.prefetch_related("opening_hours").filter(pk=Clinic.SINGLETON_ID).first()
    subject = _subject(booking, event)
    manage_url = None if event == CANCELLED else site_url(booking_manage_path(booking))
    context = {
        "booking": booking,
        "clinic": clinic,
        "kind": event,
        "subject": subject,
        "previous_start": previous_start,
        "what": appointment_what(booking),
        "noun": appointment_noun(booking),
        "when": when_in_words(booking.start),
        "previous_when": when_in_words(previous_start, year=False) if previous_start else "",
        "manage_url": manage_url,
        # Beside the .ics; a cancellation's .ics removes the event, and there is nothing to add.
        "calendar_links": None
        if event == CANCELLED
        else booking_calendar_links(booking, clinic=clinic),
        "map_url": "" if event == CANCELLED else clinic_map_url(clinic),
        "what_to_bring": [] if event == CANCELLED else what_to_bring(booking),
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

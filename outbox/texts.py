"""Texts: short (one 160-character segment where possible), plain GSM characters, with a
short link standing for the signed one, and the clinic's name first so the patient knows
who writes. Never a screening answer, a note, anything about their skin, or the treatment:
a text shows on a lock screen ("your appointment"; bookings/message_words.py)."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from bookings.message_words import appointment_noun
from bookings.models import Booking
from practice.site import site_url
from treatments.models import Clinic

from .models import ShortLink

STOP_LINE = "Reply STOP to stop."


def short_link(path: str) -> str:
    """An absolute short URL (/m/<code>) that leads to `path` (a signed link)."""
    link = ShortLink.objects.create(target=path)
    return site_url(reverse("outbox:short_link", kwargs={"code": link.code}))


def gsm_plain(text: str) -> str:
    """Curly quotes and dashes would turn a text into UCS-2, 70 characters a segment."""
    table = str.maketrans(
        {
            "\u2019": "'",
            "\u2018": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u2013": "-",
            "\u2014": "-",
            "\u00a0": " ",
            "\u2026": "...",
        }
    )
    return text.translate(table)


def when_label(moment: datetime) -> str:
    """ "Mon 19 Apr 9:00 AM CDT": with the zone, as the emails have it, for a patient whose
    phone is on another clock."""
    local = timezone.localtime(moment)
    return f"{local:%a %-d %b} {local:%-I:%M %p %Z}"


def booking_text_build(
    *, booking: Booking, event: str, manage_path: str | None, previous_start=None
) -> str:
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    name = clinic.name if clinic else "Your clinic"
    what, when = appointment_noun(booking), when_label(booking.start)
    if event == "confirmed":
        text = f"{name}: your {what} is booked for {when}."
    elif event == "moved":
        before = f" from {when_label(previous_start)}" if previous_start else ""
        text = f"{name}: your {what} moved{before} to {when}."
    else:
        text = f"{name}: your {what} on {when} is cancelled."
    if manage_path:
        text += f" Manage: {short_link(manage_path)}"
    elif clinic:
        text += f" Questions: {clinic.phone}."
    return gsm_plain(f"{text} {STOP_LINE}")

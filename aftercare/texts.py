"""Reminder texts: one segment where possible, the clinic's name first, a short link to the
booking or the day-by-day timeline. Never anything about the patient's skin or answers, nor
the treatment or a care step's own words: a text shows on a lock screen (aftercare/emails.py
says why the steps stay on the timeline)."""

from datetime import datetime

from bookings.links import booking_manage_path
from bookings.message_words import appointment_noun
from bookings.services import booking_patient_may_change
from outbox.texts import STOP_LINE, gsm_plain, short_link, when_label
from treatments.models import Clinic

from .emails import care_words
from .links import course_timeline_path
from .models import Reminder


def reminder_text_build(*, reminder: Reminder, clinic: Clinic | None, now: datetime) -> str:
    name = clinic.name if clinic else "Your clinic"
    if reminder.is_of_a_booking:
        booking = reminder.booking
        link = short_link(booking_manage_path(booking))
        what = appointment_noun(booking)
        text = f"{name}: reminder of your {what} {when_label(booking.start)}."
        if booking_patient_may_change(booking=booking, now=now, clinic=clinic):
            text += f" Move or cancel: {link}"
        else:
            phone = f" on {clinic.phone}" if clinic else ""
            text += f" To change it, call us{phone}. Details: {link}"
    else:
        link = short_link(course_timeline_path(reminder.course))
        text = f"{name}: {care_words(reminder, now=now).text}: {link}"
    return gsm_plain(f"{text} {STOP_LINE}")

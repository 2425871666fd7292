"""Reminder texts: one segment where possible, the clinic's name first, a short link to the
booking or the day-by-day timeline. Never anything about the patient's skin or answers."""

from datetime import datetime

from bookings.links import booking_manage_path
from bookings.services import booking_patient_may_change
from outbox.texts import STOP_LINE, gsm_plain, short_link, when_label
from treatments.models import Clinic

from .emails import in_a_sentence
from .links import course_timeline_path
from .models import Reminder


def reminder_text_build(*, reminder: Reminder, clinic: Clinic | None, now: datetime) -> str:
    name = clinic.name if clinic else "Your clinic"
    if reminder.is_of_a_booking:
        booking = reminder.booking
        link = short_link(booking_manage_path(booking))
        what = in_a_sentence(booking.appointment_type.name)
        text = f"{name}: reminder of your {what} {when_label(booking.start)}."
        if booking_patient_may_change(booking=booking, now=now, clinic=clinic):
            text += f" Move or cancel: {link}"
        else:
            phone = f" on {clinic.phone}" if clinic else ""
            text += f" To change it, call us{phone}. Details: {link}"
    else:
        course = reminder.course
        link = short_link(course_timeline_path(course))
        day = reminder.occurrence
        when = (
            f"before your {course.treatment.name} session"
            if day < 0
            else f"{course.treatment.name} day {day}"
        )
        title = reminder.step.title
        if len(title) > 60:
            title = title[:57].rstrip() + "..."
        text = f"{name}, {when}: {title}. Today's care: {link}"
    return gsm_plain(f"{text} {STOP_LINE}")

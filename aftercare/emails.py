"""Reminder emails: the clinic's name, the step's plain advice or the appointment's time and
place, a link to the timeline or the booking, and a one-click unsubscribe (RFC 8058).
Never screening answers, notes, or the provider's settings."""

from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from bookings import preferences
from bookings.calendar_links import clinic_map_url
from bookings.emails import what_to_bring
from bookings.links import booking_manage_path
from bookings.selectors import clinic_zone
from bookings.services import booking_patient_may_change
from medspa.site import site_url
from treatments.models import Clinic

from .links import course_timeline_path
from .models import Reminder
from .selectors import reminder_message_kind


def in_a_sentence(name: str) -> str:
    """ "Free consultation" reads "free consultation" mid-sentence; "HALO session" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _subject(reminder: Reminder, clinic_name: str) -> str:
    """Subjects as a person would write them: "Your HALO session, day 3: Peeling is normal",
    "Reminder: your consultation on Wed 2 Dec at 10:00 AM"."""
    if reminder.is_of_a_booking:
        booking = reminder.booking
        when = booking.start.astimezone(clinic_zone())
        what = in_a_sentence(booking.appointment_type.name)
        return f"Reminder: your {what} on {when:%a %-d %b} at {when:%-I:%M %p}"
    day, treatment = reminder.occurrence, reminder.course.treatment.name
    if day < 0:
        return f"Before your {treatment} session: {reminder.step.title}"
    if day == 0:
        return f"Your {treatment} session today: {reminder.step.title}"
    return f"Your {treatment} session, day {day}: {reminder.step.title}"


def _when(start: datetime) -> str:
    """ "Monday 19 April, 9:00 AM" on the clinic's clock."""
    return f"{start.astimezone(clinic_zone()):%A %-d %B, %-I:%M %p}"


def reminder_email_build(
    *, reminder: Reminder, clinic: Clinic | None = None, now: datetime | None = None
) -> EmailMultiAlternatives:
    clinic = clinic or Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    clinic_name = clinic.name if clinic else "the clinic"
    kind = reminder_message_kind(reminder)
    token = preferences.preferences_token(reminder.patient)
    unsubscribe = site_url(preferences.stop_kind_path(reminder.patient, kind, token=token))
    if reminder.is_of_a_booking:
        link = site_url(booking_manage_path(reminder.booking))
    else:
        link = site_url(course_timeline_path(reminder.course))
    context = {
        "reminder": reminder,
        "clinic": clinic,
        "clinic_name": clinic_name,
        "link": link,
        "unsubscribe": unsubscribe,
        "message_kind": kind,
        "preferences_url": site_url(preferences.preferences_path(reminder.patient, token=token)),
        "privacy_url": site_url(reverse("treatments:privacy")),
        "step": reminder.step,
        "booking": reminder.booking,
        # Formatted here, once: the template's timezone and date tags cost more than the rest.
        "when": _when(reminder.booking.start) if reminder.booking else "",
        "map_url": clinic_map_url(clinic) if reminder.booking else "",
        "what_to_bring": what_to_bring(reminder.booking) if reminder.booking else [],
        # What the button offers is what the patient can still do as the message goes out.
        "may_change": reminder.booking is not None
        and booking_patient_may_change(booking=reminder.booking, now=now, clinic=clinic),
        "subject": _subject(reminder, clinic_name),
    }
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("aftercare/email/reminder.txt", context),
        to=[reminder.patient.email],
        reply_to=[clinic.email] if clinic else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Mail programs should not auto-reply to reminders.
            "Auto-Submitted": "auto-generated",
            # Which row this is, for tracing a delivery (an opaque number, nothing personal).
            "X-Clinic-Reminder": str(reminder.pk),
        },
    )
    message.attach_alternative(
        render_to_string("aftercare/email/reminder.html", context), "text/html"
    )
    return message

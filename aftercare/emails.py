"""Reminder emails: the clinic's name, the step's plain advice or the appointment's time and
place, a link to the timeline or the booking, and a one-click unsubscribe (RFC 8058).
Never screening answers, notes, or the provider's settings."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from bookings.emails import site_url
from bookings.links import booking_manage_path
from treatments.models import Clinic

from .links import course_timeline_path, unsubscribe_path
from .models import Reminder


def _subject(reminder: Reminder, clinic_name: str) -> str:
    if reminder.kind == Reminder.Kind.APPOINTMENT:
        return f"Reminder: your appointment tomorrow at {clinic_name}"
    day, treatment = reminder.occurrence, reminder.course.treatment.name
    if day < 0:
        when = f"{-day} day{'s' if day != -1 else ''} before your {treatment} session"
    elif day == 0:
        when = f"The day of your {treatment} session"
    else:
        when = f"Day {day} after your {treatment} session"
    return f"{when}: {reminder.step.title}"


def reminder_email_build(
    *, reminder: Reminder, clinic: Clinic | None = None
) -> EmailMultiAlternatives:
    clinic = clinic or Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    clinic_name = clinic.name if clinic else "the clinic"
    unsubscribe = site_url(unsubscribe_path(reminder.patient))
    if reminder.kind == Reminder.Kind.APPOINTMENT:
        link = site_url(booking_manage_path(reminder.booking))
    else:
        link = site_url(course_timeline_path(reminder.course))
    context = {
        "reminder": reminder,
        "clinic": clinic,
        "clinic_name": clinic_name,
        "link": link,
        "unsubscribe": unsubscribe,
        "step": reminder.step,
        "booking": reminder.booking,
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

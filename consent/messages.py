"""The message asking a patient to sign their forms before a treatment, and its reminder:
an email or a text, as they chose. It names the forms and the appointment and carries the
signed link; never an answer or anything about their health."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from bookings import preferences
from bookings.models import Booking
from bookings.selectors import clinic_zone
from medspa.site import site_url
from outbox.texts import STOP_LINE, gsm_plain, short_link, when_label
from treatments.models import Clinic

from .links import forms_path


def _subject(booking: Booking, *, reminder: bool) -> str:
    what = f"your {booking.treatment.name} session"
    if reminder:
        return f"Reminder: please sign your forms before {what}"
    return f"Please sign your forms before {what}"


def forms_email_build(
    *, booking: Booking, titles: list[str], reminder: bool
) -> EmailMultiAlternatives:
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    subject = _subject(booking, reminder=reminder)
    context = {
        "booking": booking,
        "clinic": clinic,
        "clinic_name": clinic.name if clinic else "the clinic",
        "subject": subject,
        "titles": titles,
        "reminder": reminder,
        "when": f"{booking.start.astimezone(clinic_zone()):%A %-d %B, %-I:%M %p}",
        "link": site_url(forms_path(booking)),
        "preferences_url": site_url(preferences.preferences_path(booking.patient)),
        "privacy_url": site_url(reverse("treatments:privacy")),
    }
    email = EmailMultiAlternatives(
        subject=f"{subject} | {clinic.name}" if clinic else subject,
        body=render_to_string("consent/email/forms.txt", context),
        to=[booking.patient.email],
        reply_to=[clinic.email] if clinic else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(render_to_string("consent/email/forms.html", context), "text/html")
    return email


def forms_text_build(*, booking: Booking, reminder: bool) -> str:
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    name = clinic.name if clinic else "Your clinic"
    start = "Reminder: please" if reminder else "Please"
    link = short_link(forms_path(booking))
    text = (
        f"{name}: {start} sign your forms before your {booking.treatment.name} session "
        f"{when_label(booking.start)}: {link}"
    )
    return gsm_plain(f"{text} {STOP_LINE}")

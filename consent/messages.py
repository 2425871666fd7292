"""The message asking a patient to sign their forms before an appointment, and its reminder:
an email or a text, as they chose. It says how many forms wait, when the appointment is, and
carries the signed link; never an answer, anything about their health, or the treatment. The
forms' titles stay on the signed page too: the clinic names a consent form after its treatment
("Consent to HALO ... treatment"), and a subject, a preview or a text is read on a lock screen
or in a shared inbox (bookings/message_words.py)."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from bookings import preferences
from bookings.message_words import appointment_noun, when_in_words
from bookings.models import Booking
from outbox.texts import STOP_LINE, gsm_plain, short_link, when_label
from practice.site import site_url
from treatments.models import Clinic

from .links import forms_path


def _subject(booking: Booking, *, reminder: bool) -> str:
    what = f"your {appointment_noun(booking)}"
    if reminder:
        return f"Reminder: please sign your forms before {what}"
    return f"Please sign your forms before {what}"


def forms_count(count: int) -> str:
    """ "a form", "2 forms": how many wait, in words that say nothing of what they are."""
    return "a form" if count == 1 else f"{count} forms"


def forms_email_build(
    *, booking: Booking, titles: list[str], reminder: bool
) -> EmailMultiAlternatives:
    """`titles`: the unsigned forms' titles; the email counts them and leaves them to the
    page behind the link."""
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    subject = _subject(booking, reminder=reminder)
    context = {
        "booking": booking,
        "clinic": clinic,
        "clinic_name": clinic.name if clinic else "the clinic",
        "subject": subject,
        "forms": forms_count(len(titles)),
        "noun": appointment_noun(booking),
        "reminder": reminder,
        "when": when_in_words(booking.start, year=False),
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
        f"{name}: {start} sign your forms before your {appointment_noun(booking)} "
        f"{when_label(booking.start)}: {link}"
    )
    return gsm_plain(f"{text} {STOP_LINE}")

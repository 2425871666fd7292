"""Reminder emails: the clinic's name, the appointment's time and place or which day of the
aftercare it is, a link to the booking or the timeline, and a one-click unsubscribe (RFC 8058).

Never screening answers, notes or the provider's settings, and never the treatment: a subject
and its preview show on a lock screen and in a shared inbox (bookings/message_words.py). The
care steps' own words stay on the timeline behind the link, not in the message: the clinic
writes them, and they name the treatment ("Time to book your next HALO session") or describe
it unmistakably (flaking, crusts), so no list of names to strip could make them safe.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings import preferences
from bookings.calendar_links import clinic_map_url
from bookings.emails import what_to_bring
from bookings.links import booking_manage_path
from bookings.message_words import appointment_noun, appointment_what, when_in_words
from bookings.selectors import clinic_zone
from bookings.services import booking_patient_may_change
from practice.site import site_url
from treatments.models import Clinic

from .links import course_timeline_path
from .models import Reminder, StepKind
from .selectors import reminder_message_kind

# What a day's step is about, in the code's words (the same for every treatment), so two
# reminders of one day ("Day 1 of your aftercare") still read apart in an inbox.
STEP_TOPICS = {
    StepKind.EXPECTATION: "what to expect",
    StepKind.SKIN_CARE: "caring for your skin",
    StepKind.SUNSCREEN: "sun protection",
    StepKind.CHECK_IN: "checking in",
}


@dataclass(frozen=True)
class CareWords:
    """What a care-step reminder says, in the email and the text alike."""

    subject: str  # "Day 3 of your aftercare: what to expect"
    lead: str  # the email's sentence about the day
    button: str  # the words of the link to the timeline
    text: str  # a text message's words before its link
    after_the_session: bool  # "something doesn't look right?" fits only then


def care_words(reminder: Reminder, *, now: datetime | None = None) -> CareWords:
    day, kind = reminder.occurrence, reminder.step.kind
    if kind == StepKind.NEXT_SESSION:
        return CareWords(
            subject="Time to book your next appointment",
            lead="It's time to book the next appointment of your series. Your page offers the "
            "times you can choose from; or call us, and we'll find one that suits you.",
            button="Book your next appointment",
            text="it's time to book your next appointment",
            after_the_session=True,
        )
    if day < 0:
        # Counted from the message's own day: one written late (a resend, a worker that was
        # down) must not say "in 3 days" the day before.
        today = (now or timezone.now()).astimezone(clinic_zone()).date()
        days = (reminder.course.session_date - today).days
        when = "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
        return CareWords(
            subject=f"Your appointment is {when}: getting ready",
            lead=f"Your appointment is {when}. How to get ready for it is on your day-by-day page.",
            button="See how to get ready",
            text=f"your appointment is {when}. How to get ready",
            after_the_session=False,
        )
    topic = STEP_TOPICS.get(kind)
    day_words = "your aftercare today" if day == 0 else f"day {day} of your aftercare"
    opening = f"Today is day {day} of your aftercare." if day else "Your aftercare starts today."
    return CareWords(
        subject=day_words[:1].upper() + day_words[1:] + (f": {topic}" if topic else ""),
        lead=f"{opening} What to expect and what to do today are on your day-by-day page.",
        button="See today's aftercare",
        text=day_words + (f" ({topic})" if topic else "") + ". Today's care",
        after_the_session=True,
    )


def _subject(reminder: Reminder, *, now: datetime | None) -> str:
    """Subjects as a person would write them: "Day 3 of your aftercare: what to expect",
    "Reminder: your consultation on Wed 2 Dec at 10:00 AM"."""
    if reminder.is_of_a_booking:
        booking = reminder.booking
        when = booking.start.astimezone(clinic_zone())
        what = appointment_noun(booking)
        return f"Reminder: your {what} on {when:%a %-d %b} at {when:%-I:%M %p}"
    return care_words(reminder, now=now).subject


def reminder_email_build(
    *, reminder: Reminder, clinic: Clinic | None = None, now: datetime | None = None
) -> EmailMultiAlternatives:
    clinic = clinic or Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    clinic_name = clinic.name if clinic else "the clinic"
    kind = reminder_message_kind(reminder)
    token = preferences.preferences_token(reminder.patient)
    unsubscribe = site_url(preferences.stop_kind_path(reminder.patient, kind, token=token))
    booking = reminder.booking
    if reminder.is_of_a_booking:
        link = site_url(booking_manage_path(booking))
    else:
        link = site_url(course_timeline_path(reminder.course))
    care = None if booking else care_words(reminder, now=now)
    context = {
        "reminder": reminder,
        "clinic": clinic,
        "clinic_name": clinic_name,
        "link": link,
        "unsubscribe": unsubscribe,
        "message_kind": kind,
        "preferences_url": site_url(preferences.preferences_path(reminder.patient, token=token)),
        "privacy_url": site_url(reverse("treatments:privacy")),
        "care": care,
        "booking": booking,
        "what": appointment_what(booking) if booking else "",
        "noun": appointment_noun(booking) if booking else "",
        # Formatted here, once: the template's timezone and date tags cost more than the rest.
        "when": when_in_words(booking.start, year=False) if booking else "",
        "map_url": clinic_map_url(clinic) if booking else "",
        "what_to_bring": what_to_bring(booking) if booking else [],
        # What the button offers is what the patient can still do as the message goes out.
        "may_change": booking is not None
        and booking_patient_may_change(booking=booking, now=now, clinic=clinic),
        # An appointment (a consultation above all) is no aftercare: "something doesn't
        # look right?" is asked only once there is a treated skin to look at.
        "aftercare": care is not None and care.after_the_session,
        "subject": _subject(reminder, now=now),
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

"""Reminders wear the same layout as the booking emails: the appointment reminder with the
address, its map link, what to bring and its time with the zone; a care tip with the link to
the day's care; each with its one-click stop in the footer, a closing fit for what it is
about, and a plain text part that says the same."""

from datetime import timedelta

import pytest

from aftercare.emails import reminder_email_build
from aftercare.models import Course, Reminder
from bookings.calendar_links import clinic_map_url
from tests.email_html import colours_without_background, email_html
from tests.factories import MONDAY, THREE_WEEKS, booking_book, halo_session
from tests.readable import mentions, readable
from treatments.models import Clinic

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago


@pytest.fixture
def session(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, SESSION)
    booking.intake_answers = {"cold_sores": "yes", "hopes": "Qzx fade my acne scars"}
    booking.save(update_fields=["intake_answers"])
    return booking


def _built(reminder: Reminder) -> tuple[object, str, str]:
    message = reminder_email_build(reminder=reminder, now=MONDAY)
    return message, message.alternatives[0][0], message.body


@pytest.mark.parametrize(
    "which, stop_words",
    [("appointment", "Stop appointment reminders"), ("tip", "Stop preparation and aftercare tips")],
)
def test_a_reminder_is_the_responsive_dark_safe_layout_with_its_stop_link(
    session, which, stop_words
):
    reminders = Reminder.objects.filter(patient=session.patient)
    reminder = (
        reminders.get(booking=session)
        if which == "appointment"
        else reminders.filter(booking__isnull=True).first()
    )
    message, html, text = _built(reminder)
    page = email_html(html)
    assert page.meta["viewport"] == "width=device-width, initial-scale=1"
    assert page.meta["color-scheme"] == page.meta["supported-color-schemes"] == "light dark"
    tables = [attrs for tag, attrs in page.tags if tag == "table"]
    assert len(tables) >= 3 and all(attrs.get("role") == "presentation" for attrs in tables)
    assert "max-width: 600px" in html
    assert colours_without_background(html) == []
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert page.links[stop_words] == stop
    assert stop in text
    for body in (html, text):
        # Whole words: a signed link in the body may hold any short run of letters.
        assert not mentions(body, "Qzx") and "cold sore" not in body.lower()


def test_the_appointment_reminder_has_the_address_its_map_link_and_what_to_bring(session):
    _, html, text = _built(Reminder.objects.get(booking=session))
    map_url = clinic_map_url(Clinic.objects.get())
    assert email_html(html).links["Open in Google Maps"] == map_url
    for body in (html, text):
        assert map_url.replace("&", "&amp;" if body is html else "&") in body
        assert "1 Test Street" in body
        assert "Monday 3 May, 10:00 AM CDT" in body and "(90 minutes)" in body
        assert "What to bring" in body and "without make-up" in body


def test_a_care_tip_has_no_appointment_block(session):
    tip = Reminder.objects.filter(patient=session.patient, booking__isnull=True).first()
    _, html, text = _built(tip)
    for body in (html, text):
        assert "google.com/maps" not in body and "What to bring" not in body
        assert "/aftercare/" in body


# Without the full stop: in the HTML the number is a link, read apart from what follows it.
ASK = "Questions? Call us on (312) 555-0100"
ASK_AFTER = "Questions, or something doesn't look right? Call us on (312) 555-0100"


def _tip_after_the_session(session) -> Reminder:
    course = Course.objects.get(booking=session)
    return Reminder.objects.create(
        kind="care_step",
        patient=session.patient,
        course=course,
        step=course.steps.get(day_offset=1),
        occurrence=1,
        due_at=SESSION + timedelta(days=1),
    )


@pytest.mark.parametrize(
    "which, closing",
    [("consultation", ASK), ("session", ASK), ("tip before", ASK), ("tip after", ASK_AFTER)],
)
def test_a_reminder_closes_with_words_fit_for_what_it_is_about(clinic, session, which, closing):
    """An appointment (a consultation above all) has no skin to look at yet: only aftercare
    asks whether something doesn't look right."""
    reminders = Reminder.objects.filter(patient=session.patient)
    if which == "consultation":
        consultation = booking_book(
            clinic, start=MONDAY + timedelta(days=7), email="cd@example.com"
        )
        reminder = Reminder.objects.get(booking=consultation, kind="appointment")
    elif which == "session":
        reminder = reminders.get(booking=session, kind="appointment")
    elif which == "tip before":
        reminder = reminders.get(kind="care_step", occurrence=-14)
    else:
        reminder = _tip_after_the_session(session)
    _, html, text = _built(reminder)
    for body in (readable(html), readable(text)):
        assert closing in body
        assert closing == ASK_AFTER or "look right" not in body


def test_a_tip_before_the_session_counts_the_days_from_when_it_is_written(session):
    """A tip written late (staff sent it again, the worker was down) says how far off the
    appointment is on the day it goes, not on the day it was due."""
    tip = Reminder.objects.get(patient=session.patient, kind="care_step", occurrence=-14)
    subjects = [
        reminder_email_build(reminder=tip, now=tip.due_at + timedelta(days=late)).subject
        for late in (0, 1, 13)
    ]
    assert subjects == [
        "Your appointment is in 14 days: getting ready",
        "Your appointment is in 13 days: getting ready",
        "Your appointment is tomorrow: getting ready",
    ]

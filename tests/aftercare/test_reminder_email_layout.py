"""Reminders wear the same layout as the booking emails: the appointment reminder with the
address, its map link and what to bring; a care tip with its advice; each with its one-click
stop in the footer and a plain text part that says the same."""

from datetime import timedelta

import pytest

from aftercare.emails import reminder_email_build
from aftercare.models import Reminder
from bookings.calendar_links import clinic_map_url
from tests.email_html import colours_without_background, email_html
from tests.factories import MONDAY, THREE_WEEKS, halo_session
from tests.readable import mentions
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
        assert "Monday 3 May, 10:00 AM" in body and "(90 minutes)" in body
        assert "What to bring" in body and "without make-up" in body


def test_a_care_tip_has_no_appointment_block(session):
    tip = Reminder.objects.filter(patient=session.patient, booking__isnull=True).first()
    _, html, text = _built(tip)
    for body in (html, text):
        assert "google.com/maps" not in body and "What to bring" not in body
        assert "/aftercare/" in body

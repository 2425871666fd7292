"""The booking emails (booked, moved, cancelled) in the clinic's layout: responsive and
dark-mode safe HTML, calendar links beside the .ics, the address with a map link, what to
bring and the cancellation policy, and a plain text part that says the same."""

import re
from datetime import timedelta

import pytest

from bookings import services
from bookings.calendar_links import clinic_map_url
from bookings.emails import booking_email_build
from tests.email_html import colours_without_background, email_html, query
from tests.factories import MONDAY, BookingFactory, patient_details
from treatments.models import Clinic

# MONDAY is 9:00 in Chicago (CDT): 14:00 UTC. The zone is said: a phone may be on another.
WHEN = "Monday 12 April 2027, 9:00 AM CDT"


@pytest.fixture
def booked(clinic, frozen_monday):
    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )


def _parts(message) -> tuple[str, str]:
    (html,) = [body for body, mime in message.alternatives if mime == "text/html"]
    return html, message.body


@pytest.mark.parametrize("event", ["confirmed", "moved", "cancelled"])
def test_every_booking_email_is_the_responsive_dark_safe_layout(booked, event):
    if event == "cancelled":
        booked = services.booking_cancel(booking=booked)
    html, _ = _parts(booking_email_build(booking=booked, event=event))
    page = email_html(html)
    assert page.meta["viewport"] == "width=device-width, initial-scale=1"
    assert page.meta["color-scheme"] == page.meta["supported-color-schemes"] == "light dark"
    # Laid out with tables (page, 600px column, the details), each presentational for screen
    # readers; the one <div> is the hidden preview line.
    tables = [attrs for tag, attrs in page.tags if tag == "table"]
    assert len(tables) >= 3 and all(attrs.get("role") == "presentation" for attrs in tables)
    assert [tag for tag, _ in page.tags].count("div") == 1
    assert "max-width: 600px" in html
    # The wordmark: the clinic's name in text, which no image blocking can hide.
    (wordmark,) = [attrs for tag, attrs in page.tags if "e-mark" in attrs.get("class", "")]
    assert "Georgia, serif" in wordmark["style"]
    assert re.search(r'class="e-mark[^>]*>\s*Test Skin Clinic\s*</td>', html)
    assert colours_without_background(html) == []
    # Without an uploaded logo there is no image to block.
    assert "<img" not in html and "<iframe" not in html


def test_a_confirmation_has_google_and_outlook_links_with_its_utc_times_beside_the_ics(booked):
    message = booking_email_build(booking=booked, event="confirmed")
    html, text = _parts(message)
    links = email_html(html).links
    google, outlook = links["Add to Google Calendar"], links["Add to Outlook"]
    assert query(google)["dates"] == "20270412T140000Z/20270412T143000Z"
    assert query(outlook)["startdt"] == "2027-04-12T14:00:00Z"
    assert query(outlook)["enddt"] == "2027-04-12T14:30:00Z"
    assert "appointment.ics" in html and message.attachments[0][0] == "appointment.ics"
    assert f"Google Calendar: {google}\n" in text and f"Outlook: {outlook}\n" in text


def test_a_move_links_the_new_time_and_says_an_added_event_is_not_updated(booked):
    moved = services.booking_reschedule(booking=booked, start=MONDAY + timedelta(hours=2))
    message = booking_email_build(booking=moved, event="moved", previous_start=MONDAY)
    html, text = _parts(message)
    google = email_html(html).links["Add to Google Calendar"]
    assert query(google)["dates"] == "20270412T160000Z/20270412T163000Z"
    assert "has moved from Monday 12 April, 9:00 AM CDT." in text
    for body in (html, text):
        assert "please delete that event" in body


def test_a_cancellation_offers_no_calendar_links_no_policy_and_no_manage_link(booked):
    cancelled = services.booking_cancel(booking=booked)
    html, text = _parts(booking_email_build(booking=cancelled, event="cancelled"))
    for body in (html, text):
        assert "calendar.google.com" not in body and "outlook.live.com" not in body
        assert "hours before" not in body and "/manage/" not in body
        assert "What to bring" not in body
        assert "/book/" in body


def test_the_address_comes_with_a_plain_map_link_in_both_parts(booked):
    html, text = _parts(booking_email_build(booking=booked, event="confirmed"))
    map_url = clinic_map_url(Clinic.objects.get())
    assert email_html(html).links["Open in Google Maps"] == map_url
    assert f"Map:   {map_url}\n" in text
    assert "1 Test Street" in html and "Testville, IL 60000" in html


def test_the_cancellation_window_is_the_clinics_own_setting_in_both_parts(booked):
    Clinic.objects.update(cancellation_window_hours=48)
    html, text = _parts(booking_email_build(booking=booked, event="confirmed"))
    for body in (html, text):
        assert "move or cancel online until 48 hours before your appointment" in body
        assert "24 hours" not in body
        assert "(312) 555-0100" in body


def test_what_to_bring_adds_clean_skin_for_a_treatment_session_only(booked, clinic):
    html, text = _parts(booking_email_build(booking=booked, event="confirmed"))
    session = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.priya,
        start=MONDAY + timedelta(days=7),
    )
    session_html, session_text = _parts(booking_email_build(booking=session, event="confirmed"))
    for body in (html, text, session_html, session_text):
        assert "What to bring" in body and "photo ID" in body
        assert "medicines and skincare products you use" in body
    for body in (html, text):
        assert "make-up" not in body
    for body in (session_html, session_text):
        assert "without make-up" in body


def test_the_text_part_is_a_plain_version_with_the_same_facts(booked):
    html, text = _parts(booking_email_build(booking=booked, event="confirmed"))
    page = email_html(html)
    assert "<" not in text and "&amp;" not in text
    facts = [
        WHEN,
        "(30 minutes)",
        "What:  Consultation\n",
        "Dana",
        "Test Skin Clinic, 1 Test Street, Testville, IL 60000",
        "(312) 555-0100",
        page.links["Move or cancel my appointment"],
        page.links["Open in Google Maps"],
        page.links["Add to Google Calendar"],
        page.links["Add to Outlook"],
        page.links["Choose which messages you get from us"],
        page.links["Your privacy"],
        "until 24 hours before your appointment",
    ]
    assert [fact for fact in facts if fact not in text] == []
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 200


def test_the_sent_confirmation_carries_the_links_through_the_outbox(
    clinic, frozen_monday, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY,
            provider=clinic.dana,
            patient_details=patient_details(),
            source="online",
        )
    (message,) = mailoutbox
    links = email_html(message.alternatives[0][0]).links
    assert query(links["Add to Google Calendar"])["dates"] == "20270412T140000Z/20270412T143000Z"
    assert links["Add to Outlook"] in message.body


def test_an_uploaded_logo_heads_the_email_as_an_absolute_png(booked, settings):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from treatments.images import renditions_store

    settings.SITE_URL = "https://book.clinic.example"
    buffer = io.BytesIO()
    Image.new("RGBA", (800, 200), (11, 85, 96, 255)).save(buffer, "PNG")
    clinic = Clinic.objects.get()
    clinic.logo.save("logo.png", ContentFile(buffer.getvalue()))
    renditions_store(clinic.logo)

    html, text = _parts(booking_email_build(booking=booked, event="confirmed"))

    (logo,) = [attrs for tag, attrs in email_html(html).tags if tag == "img"]
    assert re.fullmatch(
        r"https://book\.clinic\.example/media/public/clinic/\w+-800w\.png", logo["src"]
    )
    assert (logo["width"], logo["height"], logo["alt"]) == ("200", "50", "Test Skin Clinic")
    assert "Test Skin Clinic" in text

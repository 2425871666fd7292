"""The "Add to Google Calendar" and "Add to Outlook" links beside the .ics, and the map link:
each parsed back, field by field, with its times in UTC and nothing about the patient's
health in it."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from bookings import services
from bookings.calendar_links import (
    booking_calendar_links,
    clinic_map_url,
    google_calendar_url,
    outlook_calendar_url,
)
from bookings.models import Note
from tests.email_html import query
from tests.factories import MONDAY, BookingFactory, patient_details
from tests.readable import mentions
from treatments.models import Clinic

CHICAGO = ZoneInfo("America/Chicago")
EVENT = {
    "title": "Consultation at Rose & Birch",
    "details": "Consultation at Rose & Birch\nMove or cancel: https://x.example/m/a:b/",
    "location": "Rose & Birch, 1 Elm St, Marlow Springs, IL 60000",
}


@pytest.mark.parametrize(
    "start, utc_start, utc_end",
    [
        # Summer (CDT, UTC-5) and winter (CST, UTC-6): the zone is resolved, never written.
        (datetime(2027, 4, 12, 9, 0, tzinfo=CHICAGO), "20270412T140000Z", "20270412T143000Z"),
        (datetime(2027, 1, 11, 9, 0, tzinfo=CHICAGO), "20270111T150000Z", "20270111T153000Z"),
    ],
)
def test_the_google_link_reads_back_with_utc_times_and_every_field(start, utc_start, utc_end):
    url = google_calendar_url(start=start, end=start + timedelta(minutes=30), **EVENT)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    assert query(url) == {
        "action": "TEMPLATE",
        "text": EVENT["title"],
        "dates": f"{utc_start}/{utc_end}",
        "details": EVENT["details"],
        "location": EVENT["location"],
    }
    assert "+" not in url  # spaces are %20: Outlook, at least, shows a "+" as it is


def test_the_outlook_link_reads_back_with_utc_iso_times_and_every_field():
    start = datetime(2027, 11, 8, 16, 15, tzinfo=CHICAGO)  # the Monday after the clocks go back
    url = outlook_calendar_url(start=start, end=start + timedelta(minutes=90), **EVENT)
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    assert query(url) == {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": EVENT["title"],
        "startdt": "2027-11-08T22:15:00Z",
        "enddt": "2027-11-08T23:45:00Z",
        "body": EVENT["details"],
        "location": EVENT["location"],
    }
    assert "+" not in url


def test_a_time_without_a_zone_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        google_calendar_url(start=datetime(2027, 4, 12, 9), end=datetime(2027, 4, 12, 10), **EVENT)


def test_the_map_link_searches_the_street_address(clinic):
    url = clinic_map_url(Clinic.objects.get())
    assert url.startswith("https://www.google.com/maps/search/?")
    assert query(url) == {"api": "1", "query": "1 Test Street, Testville, IL 60000"}
    assert clinic_map_url(None) == ""


def test_a_bookings_links_carry_its_service_and_place_and_nothing_it_told_us(
    clinic, frozen_monday, provider_dana
):
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
        intake_answers={"cold_sores": "yes", "hopes": "Qzx fade the scar on my cheek"},
    )
    Note.objects.create(
        patient=booking.patient, booking=booking, author=provider_dana, text="Qzx clinical note"
    )
    links = booking_calendar_links(booking, clinic=Clinic.objects.get())
    google, outlook = query(links.google), query(links.outlook)

    # "Consultation", never what about: which treatment someone has is health information.
    assert google["text"] == outlook["subject"] == "Consultation at Test Skin Clinic"
    assert google["dates"] == "20270412T140000Z/20270412T143000Z"
    assert (outlook["startdt"], outlook["enddt"]) == (
        "2027-04-12T14:00:00Z",
        "2027-04-12T14:30:00Z",
    )
    where = "Test Skin Clinic, 1 Test Street, Testville, IL 60000"
    assert google["location"] == outlook["location"] == where
    assert google["details"] == outlook["body"]
    assert google["details"].splitlines() == [
        "Consultation at Test Skin Clinic",
        "Questions or changes: call (312) 555-0100.",
    ]
    # A calendar is often shared: the signed link that moves or cancels stays in the email.
    assert "/manage/" not in links.google and "/manage/" not in links.outlook
    assert booking.manage_token not in links.google
    for field in (*google.values(), *outlook.values()):
        assert not mentions(field, "Qzx") and "cold sore" not in field.lower()
        assert booking.patient.first_name not in field and booking.patient.email not in field


def test_a_treatment_session_is_an_appointment_that_names_no_treatment(clinic, frozen_monday):
    session = BookingFactory(
        appointment_type=clinic.halo_session, provider=clinic.dana, start=MONDAY
    )
    links = booking_calendar_links(session, clinic=Clinic.objects.get())
    google, outlook = query(links.google), query(links.outlook)
    assert google["text"] == outlook["subject"] == "Appointment at Test Skin Clinic"
    assert google["details"].splitlines()[0] == "Appointment at Test Skin Clinic"
    assert not [field for field in (*google.values(), *outlook.values()) if "HALO" in field]
    assert query(links.google)["dates"] == "20270412T140000Z/20270412T153000Z"  # 90 minutes

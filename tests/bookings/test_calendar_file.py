from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bookings import services
from bookings.calendar import PUBLISH, REQUEST, booking_ics
from tests.factories import MONDAY, patient_details


def _parse(booking, clinic_row, method=REQUEST):
    calendar = Calendar.from_ical(booking_ics(booking, clinic=clinic_row, method=method))
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_the_ics_parses_back_with_uid_local_start_and_sequence(clinic, frozen_monday, settings):
    from treatments.models import Clinic

    settings.SITE_URL = "https://book.clinic.example"
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    calendar, event = _parse(booking, Clinic.objects.get())

    assert calendar["METHOD"] == "REQUEST"
    uid = str(event["UID"])
    assert uid.startswith("booking-") and uid.endswith("@book.clinic.example")
    start = event.decoded("DTSTART")
    assert start == MONDAY
    assert start.tzinfo.key == "America/Chicago"
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert int(event["SEQUENCE"]) == 0
    (zone,) = calendar.walk("VTIMEZONE")  # the zone travels with the file
    # As yearly rules, which Outlook reads right (it shifts RDATE-only zones by an hour).
    rules = sorted(str(part["RRULE"].to_ical().decode()) for part in zone.subcomponents)
    assert rules == ["FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"]
    assert "RDATE" not in zone.to_ical().decode()
    assert "Test Skin Clinic" in str(event["LOCATION"])
    # What it is and where, never about what: a calendar is often shared.
    assert str(event["SUMMARY"]) == "Consultation at Test Skin Clinic"

    # The clinic moves to another address: the event it sent keeps its UID, or the patient's
    # calendar would hold the booking twice.
    settings.SITE_URL = "https://new.clinic.example"
    moved = services.booking_reschedule(booking=booking, start=MONDAY + timedelta(hours=1))
    _, event = _parse(moved, Clinic.objects.get())
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == uid
    assert event.decoded("DTSTART").astimezone(ZoneInfo("America/Chicago")).hour == 10

    cancelled = services.booking_cancel(booking=moved)
    calendar, event = _parse(cancelled, Clinic.objects.get())
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_the_download_is_a_plain_calendar_file_and_the_email_an_invitation(
    client, clinic, frozen_monday
):
    from bookings.links import booking_manage_path
    from treatments.models import Clinic

    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    download = Calendar.from_ical(client.get(booking_manage_path(booking) + "calendar.ics").content)
    assert download["METHOD"] == PUBLISH
    # RFC 5546 3.2.1: a PUBLISH names its organizer and no attendee; an invitation names both.
    (published,) = download.walk("VEVENT")
    assert "ORGANIZER" in published and "ATTENDEE" not in published
    calendar, invitation = _parse(booking, Clinic.objects.get(), method=REQUEST)
    assert calendar["METHOD"] == REQUEST
    assert str(invitation["ATTENDEE"]) == "mailto:ana@example.com"


def test_bookings_made_before_uids_were_stored_keep_the_uid_they_were_sent_with(
    clinic, frozen_monday
):
    from importlib import import_module

    from django.apps import apps

    from bookings.models import Booking

    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    Booking.objects.filter(pk=booking.pk).update(calendar_uid="")
    import_module("bookings.migrations.0019_booking_calendar_uid")._uids_as_sent(apps, None)
    booking.refresh_from_db()
    _, event = _parse(booking, None)
    assert str(event["UID"]) == f"booking-{booking.public_id}@medspa"

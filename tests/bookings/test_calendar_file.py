from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bookings import services
from bookings.calendar import PUBLISH, REQUEST, booking_ics
from tests.factories import MONDAY, patient_details


def _parse(booking, clinic_row, method=REQUEST):
    calendar = Calendar.from_ical(booking_ics(booking, clinic=clinic_row, method=method))
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_the_ics_parses_back_with_uid_local_start_and_sequence(clinic, frozen_monday):
    from treatments.models import Clinic

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
    assert str(event["UID"]) == f"booking-{booking.public_id}@medspa"
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

    moved = services.booking_reschedule(booking=booking, start=MONDAY + timedelta(hours=1))
    _, event = _parse(moved, Clinic.objects.get())
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"booking-{booking.public_id}@medspa"
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
    download = client.get(booking_manage_path(booking) + "calendar.ics")
    assert Calendar.from_ical(download.content)["METHOD"] == PUBLISH
    calendar, _ = _parse(booking, Clinic.objects.get(), method=REQUEST)
    assert calendar["METHOD"] == REQUEST

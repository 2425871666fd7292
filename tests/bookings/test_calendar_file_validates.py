"""Every calendar file a patient gets from us passes a validator that did not write it.

The app writes its .ics files with icalendar; reading them back with icalendar (as
test_calendar_file.py does) cannot catch what icalendar itself gets wrong, and a calendar
program that rejects a file does so silently: the patient simply has no appointment in her
calendar. So each file is read here by vobject, an independent parser, and checked three ways:

- vobject parses every value (dates, RRULEs, parameters) and `validate()` checks each
  component's required and at-most-once properties as RFC 5545 lists them (PRODID, UID,
  DTSTAMP, one SEQUENCE, ...);
- the iTIP rules of RFC 5546 for its METHOD (3.2.1 PUBLISH, 3.2.2 REQUEST, 3.2.5 CANCEL),
  which vobject does not know, are checked in plain code below;
- so are the rules of the file's text that any parser forgives: CRLF line endings and lines
  folded to at most 75 octets (RFC 5545 3.1), VERSION:2.0 (3.7.4), DTSTAMP in UTC
  (3.8.7.2), and a VTIMEZONE for every TZID used (3.2.19).

The files are taken where the patient gets them: the emailed ones from the sent email's
text/calendar part (after the outbox has stored and re-encoded them), the download from the
manage page. Both kinds of appointment are followed from booking to cancellation: a
consultation booked online, and a HALO session booked by the desk.
"""

import email
from datetime import timedelta

import pytest
import vobject
from django.core import mail
from django.utils import timezone

from bookings import services
from bookings.links import booking_manage_path
from outbox.sending import messages_send_due
from tests.factories import MONDAY, booking_book, halo_session
from tests.outbox_helpers import outbox_flush
from treatments.models import Clinic

# Long and not plain ASCII, so the ATTENDEE line must be folded, and folded by octets, not
# characters: each accented letter is two octets in UTF-8.
LONG_NAME = "María José Guadalupe de la Santísima Trinidad"

# RFC 5546 3.2.1, 3.2.2 and 3.2.5: what each VEVENT of a METHOD must hold ("1" or "1+" in the
# method's table) and must not ("0"). In a REQUEST the RFC asks for SEQUENCE only once it is
# above 0; it is required here all the same, so that a patient's calendar can always tell a
# move from the invitation it replaces.
REQUIRED = {
    "PUBLISH": {"DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"},
    "REQUEST": {"ATTENDEE", "DTSTAMP", "DTSTART", "ORGANIZER", "SEQUENCE", "SUMMARY", "UID"},
    "CANCEL": {"ATTENDEE", "DTSTAMP", "ORGANIZER", "SEQUENCE", "UID"},
}
FORBIDDEN = {
    "PUBLISH": {"ATTENDEE", "REQUEST-STATUS"},
    "REQUEST": set(),
    "CANCEL": {"REQUEST-STATUS"},
}
# STATUS is optional, but only these values are allowed: a REQUEST cannot be cancelled, and a
# CANCEL of the whole event MUST say CANCELLED (checked as required below).
STATUSES = {
    "PUBLISH": {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    "REQUEST": {"TENTATIVE", "CONFIRMED"},
    "CANCEL": {"CANCELLED"},
}


def calendar_problems(data: bytes) -> list[str]:
    """What is wrong with the .ics `data`, in words; an empty list for a valid file."""
    problems = _text_problems(data)
    text = data.decode("utf-8")  # RFC 5545 3.1.4: UTF-8 unless the transport says otherwise
    try:
        # Parsed into Python values first: this is where a malformed date or RRULE fails.
        vobject.readOne(text).validate(raiseException=True)
    except vobject.base.VObjectError as error:
        return [*problems, f"vobject: {error}"]
    # Read again as written (TZIDs kept as parameters, values as text) for the plain checks.
    return problems + _itip_problems(vobject.readOne(text, transform=False))


def _text_problems(data: bytes) -> list[str]:
    """RFC 5545 3.1: content lines end with CRLF and are folded to at most 75 octets, CRLF
    not counted. vobject reads bare LFs and long lines without a word, as many calendar
    programs do; the files are checked against the RFC, not against the most forgiving."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the last line does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} ends with a bare LF or CR, not CRLF")
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets long, more than 75: {line!r}")
    return problems


def _itip_problems(calendar) -> list[str]:
    def values(component, name: str) -> list[str]:
        return [line.value for line in component.contents.get(name.lower(), [])]

    problems = []
    # vobject's validate() requires exactly one PRODID, but no VERSION (it would write one).
    if values(calendar, "VERSION") != ["2.0"]:
        problems.append(f"VERSION {values(calendar, 'VERSION')}, not 2.0")
    methods = values(calendar, "METHOD")
    if len(methods) != 1 or methods[0] not in REQUIRED:
        return [*problems, f"METHOD {methods}, not one of PUBLISH, REQUEST or CANCEL"]
    method = methods[0]
    zones = {
        tzid for zone in calendar.contents.get("vtimezone", []) for tzid in values(zone, "TZID")
    }
    events = calendar.contents.get("vevent", [])
    if len(events) != 1:
        # One booking, one event: the patient's calendar updates it by its UID.
        problems.append(f"{len(events)} VEVENTs, not one")
    for event in events:
        present = {line.name for line in event.getChildren()}
        for name in sorted(REQUIRED[method] - present):
            problems.append(f"{method} without {name} (RFC 5546)")
        for name in sorted(FORBIDDEN[method] & present):
            problems.append(f"{method} with {name} (RFC 5546)")
        statuses = values(event, "STATUS")
        if method == "CANCEL" and statuses != ["CANCELLED"]:
            problems.append(f"CANCEL with STATUS {statuses}, not CANCELLED (RFC 5546 3.2.5)")
        for status in statuses:
            if status not in STATUSES[method]:
                problems.append(f"{method} with STATUS:{status} (RFC 5546)")
        for stamp in values(event, "DTSTAMP"):
            if not stamp.endswith("Z"):
                problems.append(f"DTSTAMP {stamp} is not in UTC (RFC 5545 3.8.7.2)")
        # A time in a zone the file does not define is read as floating local time (vobject
        # itself quietly does so), which puts the appointment at the wrong hour for anyone
        # travelling or across a zone line.
        for line in event.getChildren():
            for tzid in line.params.get("TZID", []):
                if tzid not in zones:
                    problems.append(f"{line.name};TZID={tzid} without a VTIMEZONE of that TZID")
    return problems


def _emailed_calendars() -> list[bytes]:
    """The .ics of each email the outbox sends now, decoded from the message as it goes to
    the mail server (the outbox keeps the .ics as text and attaches it anew)."""
    messages_send_due(now=timezone.now())
    sent = [email.message_from_bytes(message.message().as_bytes()) for message in mail.outbox]
    mail.outbox.clear()
    return [
        part.get_payload(decode=True)
        for message in sent
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    ]


def _downloaded(client, booking) -> bytes:
    response = client.get(booking_manage_path(booking) + "calendar.ics")
    assert response.status_code == 200
    return response.content


def _event(data: bytes):
    return vobject.readOne(data.decode("utf-8"), transform=False).vevent


def _every_file_from_booking_to_cancellation(client, booking, *, moved_to, online):
    """The files a patient gets over a booking's life, in order, by what they are."""
    (booked,) = _emailed_calendars()
    download = _downloaded(client, booking)
    moved = services.booking_reschedule(booking=booking, start=moved_to, online=online)
    (moved_email,) = _emailed_calendars()
    moved_download = _downloaded(client, moved)
    services.booking_cancel(booking=moved)
    (cancelled,) = _emailed_calendars()
    return {
        "the booking's email": booked,
        "the manage page's download": download,
        "the move's email": moved_email,
        "the download after the move": moved_download,
        "the cancellation's email": cancelled,
    }


def _assert_every_file_valid_and_one_event_revised(files: dict[str, bytes]) -> None:
    problems = {what: calendar_problems(data) for what, data in files.items()}
    assert {what: found for what, found in problems.items() if found} == {}

    methods = [str(vobject.readOne(data.decode()).method.value) for data in files.values()]
    assert methods == ["REQUEST", "PUBLISH", "REQUEST", "PUBLISH", "CANCEL"]
    events = {what: _event(data) for what, data in files.items()}
    # One UID throughout, or the patient's calendar would hold the appointment twice, or keep
    # the cancelled one.
    assert len({event.uid.value for event in events.values()}) == 1
    sequence = {what: int(event.sequence.value) for what, event in events.items()}
    assert sequence["the booking's email"] == sequence["the manage page's download"] == 0
    # The higher SEQUENCE is what makes a calendar replace the event it has (RFC 5546 2.1.5);
    # a cancellation with a lower one would be ignored as out of date.
    assert sequence["the move's email"] > sequence["the booking's email"]
    assert sequence["the download after the move"] == sequence["the move's email"]
    assert sequence["the cancellation's email"] >= sequence["the move's email"]


def test_every_calendar_file_of_a_consultation_validates_from_booking_to_cancellation(
    client, clinic, frozen_monday
):
    booking = booking_book(clinic, first_name=LONG_NAME)
    files = _every_file_from_booking_to_cancellation(
        client, booking, moved_to=MONDAY + timedelta(hours=1), online=True
    )

    _assert_every_file_valid_and_one_event_revised(files)
    # The long name was folded, not left out: the check of line lengths had work to do.
    assert b"\r\n " in files["the booking's email"]
    assert _event(files["the booking's email"]).attendee.params["CN"] == [f"{LONG_NAME} Patient"]


def test_every_calendar_file_of_a_halo_session_booked_by_the_desk_validates(
    client, clinic, consulted_patient, frozen_monday
):
    outbox_flush()  # her consultation's emails: a consultation's files are the test above's
    session = halo_session(clinic, consulted_patient, MONDAY + timedelta(days=7))
    files = _every_file_from_booking_to_cancellation(
        client, session, moved_to=MONDAY + timedelta(days=7, hours=2), online=False
    )

    _assert_every_file_valid_and_one_event_revised(files)
    # Its times are in the clinic's zone, which the file defines (the TZID check had work).
    event = _event(files["the booking's email"])
    assert event.dtstart.params["TZID"] == event.dtend.params["TZID"] == ["America/Chicago"]


@pytest.mark.parametrize("clinic_row", ["none yet", "no address"])
def test_before_the_clinics_details_are_saved_every_file_still_names_its_organiser(
    client, clinic, frozen_monday, settings, clinic_row
):
    # The day a clinic starts, or one that never gave an address: the files name the address
    # the emails come from, as RFC 5546 wants an ORGANIZER in every method.
    settings.DEFAULT_FROM_EMAIL = "Test Skin Clinic <bookings@clinic.example>"
    if clinic_row == "none yet":
        Clinic.objects.all().delete()
    else:
        Clinic.objects.update(email="")
    booking = booking_book(clinic)
    files = _every_file_from_booking_to_cancellation(
        client, booking, moved_to=MONDAY + timedelta(hours=1), online=True
    )

    for what, data in files.items():
        assert calendar_problems(data) == [], what
        assert _event(data).organizer.value == "mailto:bookings@clinic.example", what

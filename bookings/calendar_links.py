"""Links in a booking's emails that open another service: "Add to Google Calendar" and "Add
to Outlook" beside the .ics, and the plain map link to the clinic.

A link's text ends up in a calendar the patient may share, and in the address bar of a
third-party site: it carries "Consultation" or "Appointment", the clinic's name, address and
phone, as the .ics does; never the treatment or anything the patient told us about their
health (which treatment someone has is health information), and never the signed manage
link: a calendar is often shared (a partner, an assistant), and whoever holds that link could
move or cancel the appointment. Times are written in UTC (a trailing Z), so no zone can be
misread on the way.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from treatments.models import Clinic

from .message_words import appointment_title
from .models import Booking

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str


def _query(fields: dict[str, str]) -> str:
    # Spaces as %20, not "+": Outlook shows a "+" in the event as it is. "/" and ":" may
    # stand as they are in a query, and keep the times and the manage link readable.
    return urlencode(fields, quote_via=quote, safe="/:")


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("calendar links need an aware datetime")
    return moment.astimezone(UTC).replace(microsecond=0)


def google_calendar_url(
    *, title: str, start: datetime, end: datetime, details: str, location: str
) -> str:
    dates = f"{_utc(start):%Y%m%dT%H%M%SZ}/{_utc(end):%Y%m%dT%H%M%SZ}"
    fields = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details,
        "location": location,
    }
    return f"{GOOGLE_CALENDAR}?{_query(fields)}"


def outlook_calendar_url(
    *, title: str, start: datetime, end: datetime, details: str, location: str
) -> str:
    fields = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": f"{_utc(start):%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{_utc(end):%Y-%m-%dT%H:%M:%SZ}",
        "body": details,
        "location": location,
    }
    return f"{OUTLOOK_CALENDAR}?{_query(fields)}"


def clinic_location(clinic: Clinic | None) -> str:
    """The clinic's name and address on one line, as the .ics writes its LOCATION."""
    return ", ".join([clinic.name, *clinic.address_lines]) if clinic else ""


def clinic_map_url(clinic: Clinic | None) -> str:
    """The plain map link of the clinic's street address (one home: Clinic.map_url)."""
    return clinic.map_url if clinic else ""


def booking_calendar_links(booking: Booking, *, clinic: Clinic | None) -> CalendarLinks:
    """The two links for one booking. Title, location and details read as the .ics's do."""
    title = appointment_title(booking, clinic_name=clinic.name if clinic else "the clinic")
    lines = [title]
    if clinic:
        lines.append(f"Questions or changes: call {clinic.phone}.")
    location = clinic_location(clinic)
    fields = {
        "title": title,
        "start": booking.start,
        "end": booking.end,
        "details": "\n".join(lines),
        "location": location,
    }
    return CalendarLinks(
        google=google_calendar_url(**fields), outlook=outlook_calendar_url(**fields)
    )

"""The .ics of a booking, made with the icalendar library.

The UID stays the same for the life of a booking and SEQUENCE grows with every change, so a
patient's calendar updates the one event instead of adding another. The emailed copy is an
iTIP message (METHOD:REQUEST, or CANCEL once cancelled); the download from the manage page
is a plain calendar file (METHOD:PUBLISH), which names no attendee.

The VTIMEZONE is written with yearly RRULEs (second Sunday in March, ...) rather than the
list of dates icalendar would generate: Outlook misreads RDATE-only zones and shifts the
appointment by an hour.
"""

import calendar as month_days
import functools
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)

from treatments.models import Clinic

from .message_words import appointment_title
from .models import Booking
from .selectors import clinic_zone

PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"


def booking_uid(booking: Booking) -> str:
    # Stored when the booking was made (Booking.calendar_uid says why it never changes).
    return booking.calendar_uid


@functools.cache
def _transitions(zone: ZoneInfo, year: int) -> tuple[datetime, ...]:
    """The zone's offset changes in `year`, each as the local wall time just before it (how
    a VTIMEZONE's DTSTART is written: 02:00 for both of Chicago's changes). Kept per zone and
    year: the hour-by-hour walk costs about 30 ms, and every booking email asks again."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while moment < end:
        following = moment + timedelta(hours=1)
        before, after = moment.astimezone(zone).utcoffset(), following.astimezone(zone).utcoffset()
        if before != after:
            found.append((following + before).replace(tzinfo=None))
        moment = following
    return tuple(found)


def _yearly_rule(moment: datetime) -> vRecur:
    """ "The nth (or last) weekday of this month", the way zones' rules are written."""
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][moment.weekday()]
    last = moment.day + 7 > month_days.monthrange(moment.year, moment.month)[1]
    nth = -1 if last and moment.day > 21 else (moment.day - 1) // 7 + 1
    return vRecur({"FREQ": "YEARLY", "BYMONTH": moment.month, "BYDAY": f"{nth}{weekday}"})


def zone_component(zone: ZoneInfo, year: int) -> Timezone:
    tz = Timezone()
    tz.add("tzid", zone.key)
    changes = _transitions(zone, year)
    if not changes:
        standard = TimezoneStandard()
        moment = datetime(year, 1, 1, tzinfo=zone)
        standard.add("dtstart", datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", moment.utcoffset())
        standard.add("tzoffsetto", moment.utcoffset())
        standard.add("tzname", moment.tzname())
        tz.add_component(standard)
        return tz
    for wall in changes:
        before = (wall - timedelta(hours=3)).replace(tzinfo=zone)
        after = (wall + timedelta(hours=3)).replace(tzinfo=zone)
        part = TimezoneDaylight() if after.dst() else TimezoneStandard()
        # DTSTART in 1970 with the same rule, as calendar programs write it.
        first = date(1970, wall.month, 1)
        rule = _yearly_rule(wall)
        part.add("dtstart", datetime.combine(_first_match(first, rule), wall.time()))
        part.add("rrule", rule)
        part.add("tzoffsetfrom", before.utcoffset())
        part.add("tzoffsetto", after.utcoffset())
        part.add("tzname", after.tzname())
        tz.add_component(part)
    return tz


def _first_match(month_start: date, rule: vRecur) -> date:
    byday = rule["BYDAY"][0] if isinstance(rule["BYDAY"], list) else rule["BYDAY"]
    nth, weekday = int(byday[:-2]), ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].index(byday[-2:])
    days = [
        month_start + timedelta(days=i)
        for i in range(month_days.monthrange(month_start.year, month_start.month)[1])
    ]
    matching = [d for d in days if d.weekday() == weekday]
    return matching[nth - 1] if nth > 0 else matching[nth]


def booking_ics(booking: Booking, *, clinic: Clinic | None, method: str = PUBLISH) -> bytes:
    """`method`: PUBLISH for the download, REQUEST for the emailed invitation (CANCEL is
    chosen by itself for a cancelled booking)."""
    cancelled = booking.status == Booking.Status.CANCELLED
    if cancelled and method == REQUEST:
        method = CANCEL
    calendar = Calendar()
    calendar.add("prodid", "-//Clinic app//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)

    zone = clinic_zone()
    calendar.add_component(zone_component(zone, booking.start.astimezone(zone).year))
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start.astimezone(zone))
    event.add("dtend", booking.end.astimezone(zone))
    # A calendar is often shared (a partner, an assistant, a work account): the event names
    # no treatment, as no message does (message_words.py). The manage page has the details.
    event.add(
        "summary", appointment_title(booking, clinic_name=clinic.name if clinic else "the clinic")
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Every PUBLISH, REQUEST and CANCEL names its organiser (RFC 5546): the clinic's address,
    # or, before the clinic's details are saved (or without an address), the one the emails
    # come from.
    address = clinic.email if clinic and clinic.email else ""
    organizer = vCalAddress(f"mailto:{address or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    if clinic:
        organizer.params["cn"] = vText(clinic.name)
    event.add("organizer", organizer)
    if clinic:
        event.add("location", vText(", ".join([clinic.name, *clinic.address_lines])))
        event.add("description", f"Questions or changes: call {clinic.phone}.")
    if method != PUBLISH:
        # An invitation names who it invites; a published calendar file may not (RFC 5546
        # 3.2.1 forbids ATTENDEE in PUBLISH).
        attendee = vCalAddress(f"mailto:{booking.patient.email}")
        attendee.params["cn"] = vText(booking.patient.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()

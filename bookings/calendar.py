"""The .ics file attached to booking emails, made with the icalendar library.

The UID stays the same for the life of a booking and SEQUENCE grows with every change, so a
patient's calendar updates the one event instead of adding another; a cancellation is sent
as METHOD:CANCEL for the same UID.
"""

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from treatments.models import Clinic

from .models import Booking
from .selectors import clinic_zone


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.public_id}@medspa"


def booking_ics(booking: Booking, *, clinic: Clinic | None) -> bytes:
    cancelled = booking.status == Booking.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Clinic app//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    zone = clinic_zone()
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start.astimezone(zone))
    event.add("dtend", booking.end.astimezone(zone))
    clinic_name = clinic.name if clinic else "the clinic"
    event.add(
        "summary", f"{booking.appointment_type.name}: {booking.treatment.name} at {clinic_name}"
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if clinic:
        event.add("location", vText(", ".join([clinic.name, *clinic.address_lines])))
        organizer = vCalAddress(f"mailto:{clinic.email}")
        organizer.params["cn"] = vText(clinic.name)
        event.add("organizer", organizer)
        event.add("description", f"Questions or changes: call {clinic.phone}.")
    attendee = vCalAddress(f"mailto:{booking.patient.email}")
    attendee.params["cn"] = vText(booking.patient.full_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    # VTIMEZONE for the clinic's zone, so DTSTART;TZID=America/Chicago means the same to
    # every calendar program.
    calendar.add_missing_timezones()
    return calendar.to_ical()

"""How every message that leaves the clinic (an email, its .ics and calendar links, a text)
names an appointment and its time: one home, so no builder words it its own way.

A subject and a text show on a lock screen and in a shared inbox, and a calendar event is
often shared: which treatment someone has is health information and nobody else's business.
So a message says "your consultation" or "your appointment", when, with whom and where, and
links to the signed page that has the details; never the treatment's name, nor an appointment
type's name (the clinic names its sessions after the treatment: "HALO session").
"""

from datetime import datetime

from .models import AppointmentType, Booking
from .selectors import clinic_zone


def appointment_noun(booking: Booking) -> str:
    """ "consultation" or "appointment", mid-sentence: "your consultation is booked". A
    consultation may say what it is (it treats nothing); a session says no more than
    "appointment"."""
    if booking.appointment_type.kind == AppointmentType.Kind.CONSULTATION:
        return "consultation"
    return "appointment"


def appointment_what(booking: Booking) -> str:
    """The "What" line of an email's appointment panel: "Consultation" or "Treatment session",
    from the kind (words of the code), never from the names the clinic gave its types."""
    if booking.appointment_type.kind == AppointmentType.Kind.CONSULTATION:
        return "Consultation"
    return "Treatment session"


def appointment_title(booking: Booking, *, clinic_name: str) -> str:
    """A calendar event's title (the .ics SUMMARY, the Google and Outlook links):
    "Consultation at Willowmere Skin & Laser", "Appointment at ..."."""
    return f"{appointment_noun(booking).capitalize()} at {clinic_name}"


def when_in_words(moment: datetime, *, year: bool = True) -> str:
    """ "Monday 12 April 2027, 9:00 AM CDT" on the clinic's clock, with its zone: a patient
    reading on a phone set to another zone (travelling, or at home across a state line)
    would otherwise take the time for their own. Formatted here, not with the template's
    timezone and date tags, which cost more than the rest of an email."""
    local = moment.astimezone(clinic_zone())
    return f"{local:%A %-d %B %Y, %-I:%M %p %Z}" if year else f"{local:%A %-d %B, %-I:%M %p %Z}"

"""A patient books her own free consultation online (step 3 of the booking pages): whether
the time she chose is still free when the page opens, and the booking itself. Both build on
booking.py, the one place a booking is made and a lost time is answered with the nearest
free ones."""

from datetime import datetime

from treatments.models import Treatment

from .. import selectors
from ..models import AppointmentType, Booking, Provider
from .booking import (
    PatientAlreadyBooked,
    PatientDetails,
    SlotTaken,
    booking_create,
    booking_details_resend,
    slot_taken,
)


def consultation_time_taken(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start: datetime,
    provider: Provider | None,
) -> SlotTaken | None:
    """The nearest free times instead, when `start` is no longer free (with `provider`, or
    with anyone for "any provider"); None while it is. Asked as the page opens, so that a
    time taken meanwhile is said before the patient types her details; booking it checks
    again, and has the last word."""
    slot = selectors.slot_find(
        appointment_type=appointment_type, treatment=treatment, start=start, provider=provider
    )
    if slot is not None:
        return None
    return slot_taken(
        appointment_type=appointment_type, treatment=treatment, start=start, provider=provider
    )


def consultation_book(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start: datetime,
    provider: Provider | None,
    patient_details: PatientDetails,
    intake_answers: dict,
) -> Booking:
    """Books the consultation the patient asked for online, raising what booking_create
    raises. Booked twice by mistake (a double submit, Back then submit), the first booking
    stands and its details go again to the patient's own email or phone on the record:
    PatientAlreadyBooked still reaches the page, which shows no one's booking."""
    # Not one transaction around both: the failed booking is rolled back, and the details
    # sent again must go all the same.
    try:
        return booking_create(
            appointment_type=appointment_type,
            treatment=treatment,
            start=start,
            provider=provider,
            patient_details=patient_details,
            intake_answers=intake_answers,
            source=Booking.Source.ONLINE,
        )
    except PatientAlreadyBooked as already:
        if already.booking is not None:
            booking_details_resend(booking=already.booking)
        raise

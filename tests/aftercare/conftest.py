from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aftercare.models import CarePlan, CareStep
from bookings import services
from bookings.models import Booking
from tests.bookings.conftest import (  # noqa: F401  (fixtures shared with the booking tests)
    MONDAY,
    clinic,
    details,
    frontdesk,
    frozen_monday,
    manager,
    provider_dana,
)

CHICAGO = ZoneInfo("America/Chicago")
SUNDAY_EVENING = datetime(2027, 4, 11, 23, 0, tzinfo=UTC)  # where frozen_monday starts


def local(moment: datetime) -> str:
    return moment.astimezone(CHICAGO).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def plan(clinic):  # noqa: F811
    plan = CarePlan.objects.create(treatment=clinic.halo, name="HALO aftercare", healing_days=14)
    steps = [
        (-14, "Stop retinoids", "skin_care", True, time(9), None, None),
        (0, "Tonight", "expectation", True, time(18), None, None),
        (1, "Sunscreen", "sunscreen", True, time(8, 30), 1, 14),
        (2, "MENDS", "expectation", False, time(9), None, None),
        (4, "Flaking", "expectation", True, time(9), None, None),
        (5, "Late evening", "skin_care", True, time(22, 30), None, None),
    ]
    for index, (day, title, kind, email, at, every, until) in enumerate(steps):
        CareStep.objects.create(
            plan=plan,
            day_offset=day,
            title=title,
            what_to_do=f"Do: {title}",
            kind=kind,
            sends_email=email,
            send_time=at,
            repeat_every_days=every,
            repeat_until_day=until,
            position=index,
        )
    return plan


@pytest.fixture
def consulted_patient(clinic, frozen_monday):  # noqa: F811
    consultation = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=details(),
        source="online",
    )
    # Checked in and completed on its own day, then back to the Sunday evening the tests
    # start from.
    frozen_monday.move_to(MONDAY + timedelta(minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    frozen_monday.move_to(SUNDAY_EVENING)
    return consultation.patient


def halo_session(clinic, patient, start) -> Booking:  # noqa: F811
    return services.booking_create(
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        start=start,
        provider=clinic.dana,
        patient=patient,
        patient_details=None,
        source="phone",
        online=False,
    )


def complete(booking: Booking, user=None) -> Booking:
    """Checked in and completed as on the appointment's own day (the clock stays where the
    test put it)."""
    on_the_day = booking.start
    services.booking_transition(booking=booking, to_status="checked_in", now=on_the_day)
    return services.booking_complete(
        booking=booking, actor=user, treated_areas="Face", now=on_the_day
    )


THREE_WEEKS = timedelta(weeks=3)
__all__ = ["MONDAY", "THREE_WEEKS", "UTC", "complete", "halo_session", "local", "time_machine"]

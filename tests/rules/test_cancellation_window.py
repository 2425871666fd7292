"""Patients cancel online only before the clinic's window (24 hours unless the clinic sets
another): the service refuses it itself, whatever page or path asks."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.links import booking_manage_path
from bookings.models import Booking
from tests.factories import MONDAY, patient_details
from treatments.models import Clinic

START = MONDAY + timedelta(days=7)  # Monday 19 April 2027, 9:00 Chicago


@pytest.fixture
def booking(clinic, frozen_monday):
    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=START,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )


def _cancel_online(booking, *, before: timedelta):
    return services.booking_cancel(
        booking=booking, reason="Can't come", by_patient=True, now=START - before
    )


def _window(hours: int) -> None:
    Clinic.objects.filter(pk=Clinic.SINGLETON_ID).update(cancellation_window_hours=hours)


def test_23_hours_59_minutes_before_the_start_a_patient_cannot_cancel_online(booking):
    with pytest.raises(services.TransitionNotAllowed, match="call us"):
        _cancel_online(booking, before=timedelta(hours=23, minutes=59))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_24_hours_01_minute_before_the_start_a_patient_cancels_online(booking):
    assert _cancel_online(booking, before=timedelta(hours=24, minutes=1)).status == "cancelled"


def test_the_clinics_own_window_of_48_hours_moves_the_edge(booking):
    _window(48)
    with pytest.raises(services.TransitionNotAllowed):
        _cancel_online(booking, before=timedelta(hours=47, minutes=59))
    assert _cancel_online(booking, before=timedelta(hours=48, minutes=1)).status == "cancelled"


def test_a_48_hour_window_refuses_what_a_24_hour_window_would_allow(booking):
    _window(48)
    with pytest.raises(services.TransitionNotAllowed):
        _cancel_online(booking, before=timedelta(hours=30))


def test_the_desk_may_still_cancel_inside_the_window(booking, frontdesk):
    cancelled = services.booking_cancel(
        booking=booking, reason="Called in sick", actor=frontdesk, now=START - timedelta(hours=2)
    )
    assert cancelled.status == "cancelled"


def test_the_manage_page_refuses_at_the_edge_and_changes_nothing(client, booking, frozen_monday):
    frozen_monday.move_to(START - timedelta(hours=23, minutes=59))
    path = booking_manage_path(booking)
    client.post(path + "cancel/", {"reason": "Can't come"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    frozen_monday.move_to(START - timedelta(hours=24, minutes=1))
    client.post(path + "cancel/", {"reason": "Can't come"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED

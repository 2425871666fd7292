"""A laser session is booked only for a patient whose consultation took place (completed):
booked, missed or cancelled consultations unlock nothing."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking
from tests.factories import MONDAY, booking_book, halo_session, patient_details

SESSION = MONDAY + timedelta(days=14)  # Monday 26 April 2027, 9:00 Chicago


@pytest.fixture
def consultation(clinic, frozen_monday):
    return booking_book(clinic)


@pytest.mark.parametrize("status", ["confirmed", "requested", "no_show", "cancelled"])
def test_a_consultation_not_attended_does_not_unlock_a_laser_session(clinic, consultation, status):
    Booking.objects.filter(pk=consultation.pk).update(status=status)
    with pytest.raises(services.BookingError, match="consultation"):
        halo_session(clinic, consultation.patient, SESSION)
    assert not Booking.objects.filter(appointment_type=clinic.halo_session).exists()


def test_a_completed_consultation_unlocks_a_laser_session(clinic, consultation, frozen_monday):
    frozen_monday.move_to(MONDAY + timedelta(minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    assert halo_session(clinic, consultation.patient, SESSION).status == "confirmed"


def test_someone_elses_completed_consultation_unlocks_nothing(clinic, consultation):
    Booking.objects.filter(pk=consultation.pk).update(status="completed")
    stranger = services.patient_find_or_create(
        details=patient_details("bo@example.com", first_name="Bo")
    )
    with pytest.raises(services.BookingError):
        halo_session(clinic, stranger, SESSION)

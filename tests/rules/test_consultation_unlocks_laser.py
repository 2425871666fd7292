"""A laser session is booked only for a patient whose consultation took place (completed):
booked, missed or cancelled consultations unlock nothing."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking
from tests.bookings.conftest import MONDAY, details

SESSION = MONDAY + timedelta(days=14)  # Monday 26 April 2027, 9:00 Chicago


@pytest.fixture
def consultation(clinic, frozen_monday):
    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=details(),
        source="online",
    )


def _book_session(clinic, patient):
    return services.booking_create(
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        start=SESSION,
        provider=clinic.dana,
        patient=patient,
        patient_details=None,
        source="phone",
        online=False,
    )


@pytest.mark.parametrize("status", ["confirmed", "requested", "no_show", "cancelled"])
def test_a_consultation_not_attended_does_not_unlock_a_laser_session(clinic, consultation, status):
    Booking.objects.filter(pk=consultation.pk).update(status=status)
    with pytest.raises(services.BookingError, match="consultation"):
        _book_session(clinic, consultation.patient)
    assert not Booking.objects.filter(appointment_type=clinic.halo_session).exists()


def test_a_completed_consultation_unlocks_a_laser_session(clinic, consultation, frozen_monday):
    frozen_monday.move_to(MONDAY + timedelta(minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    assert _book_session(clinic, consultation.patient).status == "confirmed"


def test_someone_elses_completed_consultation_unlocks_nothing(clinic, consultation):
    Booking.objects.filter(pk=consultation.pk).update(status="completed")
    stranger = services.patient_find_or_create(details=details("bo@example.com", first_name="Bo"))
    with pytest.raises(services.BookingError):
        _book_session(clinic, stranger)

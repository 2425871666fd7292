"""The manager's dashboard keeps every panel when an export form is refused, and the patient
page's "next booked" is always ahead, never a booking already past."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Patient, TreatmentSession
from bookings.selectors.series import patient_series
from tests.bookings.conftest import as_user


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("staff:export_range", {"start": "bad"}),
        ("staff:export_range", {"start": "2027-05-01", "end": "2027-04-01"}),
        ("staff:export_day", {"date": "not-a-day"}),
    ],
)
def test_a_refused_export_shows_the_whole_dashboard_with_the_reason(
    client, manager, url_name, query
):
    response = as_user(client, manager).get(reverse(url_name), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bookings per treatment per week" in html
    # Aftercare's and the outbox's panels (registered from other apps) are still there.
    assert "Open concerns" in html and "Messages to patients" in html
    assert 'class="invalid-feedback' in html or "alert-danger" in html


@pytest.fixture
def treated_patient(clinic):
    """Had one HALO session a month ago; the series has two more to go."""
    patient = Patient.objects.create(
        first_name="Ana", last_name="Patient", email="ana@example.com", phone="1"
    )
    done = booking_add(clinic, patient, timezone.now() - timedelta(days=30), status="completed")
    TreatmentSession.objects.create(
        booking=done,
        patient=patient,
        treatment=clinic.halo,
        provider=clinic.dana,
        performed_on=timezone.localdate() - timedelta(days=30),
        session_number=1,
        treated_areas="Face",
    )
    return patient


def booking_add(clinic, patient, start, *, status="confirmed") -> Booking:
    return Booking.objects.create(
        patient=patient,
        provider=clinic.dana,
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        resource=clinic.device,
        start=start,
        end=start + timedelta(minutes=90),
        blocked_until=start + timedelta(minutes=105),
        source="phone",
        status=status,
    )


def test_next_booked_is_the_earliest_session_still_ahead(clinic, treated_patient):
    booking_add(clinic, treated_patient, timezone.now() - timedelta(days=2))  # never checked in
    later = booking_add(clinic, treated_patient, timezone.now() + timedelta(days=20))
    sooner = booking_add(clinic, treated_patient, timezone.now() + timedelta(days=10))
    (series,) = patient_series(patient=treated_patient)
    assert series.next_booking == sooner != later


def test_a_past_booking_nobody_checked_in_is_never_shown_as_next(
    client, clinic, manager, treated_patient
):
    booking_add(clinic, treated_patient, timezone.now() - timedelta(days=2))
    (series,) = patient_series(patient=treated_patient)
    assert series.next_booking is None
    url = reverse("staff:patient", kwargs={"patient_id": treated_patient.public_id})
    html = as_user(client, manager).get(url).content.decode()
    assert "Next booked" not in html and "Next due from" in html

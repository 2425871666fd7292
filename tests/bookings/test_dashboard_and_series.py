"""The manager's dashboard keeps every panel when an export form is refused, and the patient
page's "next booked" is always ahead, never a booking already past."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Patient, TreatmentSession
from bookings.selectors.series import patient_series
from tests.factories import BookingFactory, as_user


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
    done = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=timezone.now() - timedelta(days=30),
        patient=patient,
        status="completed",
    )
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


def test_next_booked_is_the_earliest_session_still_ahead(clinic, treated_patient):
    BookingFactory(  # never checked in
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=timezone.now() - timedelta(days=2),
        patient=treated_patient,
    )
    later = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=timezone.now() + timedelta(days=20),
        patient=treated_patient,
    )
    sooner = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=timezone.now() + timedelta(days=10),
        patient=treated_patient,
    )
    (series,) = patient_series(patient=treated_patient)
    assert series.next_booking == sooner != later


def test_a_past_booking_nobody_checked_in_is_never_shown_as_next(
    client, clinic, manager, treated_patient
):
    BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=timezone.now() - timedelta(days=2),
        patient=treated_patient,
    )
    (series,) = patient_series(patient=treated_patient)
    assert series.next_booking is None
    url = reverse("staff:patient", kwargs={"patient_id": treated_patient.public_id})
    html = as_user(client, manager).get(url).content.decode()
    assert "Next booked" not in html and "Next due from" in html

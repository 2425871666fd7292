"""A patient's right to a copy of their data and to erasure, carried out by a manager: the
copy holds every app's part; erasure removes the person and keeps, anonymous, what the
clinic must; both audited; the desk may do neither."""

import json
from datetime import timedelta

from django.urls import reverse

from aftercare.models import Concern, Course
from bookings import services
from bookings.models import AuditEntry, Booking, Note, Patient
from outbox.models import Message
from tests.factories import MONDAY, BookingFactory, as_user, patient_details


def _patient_with_history(clinic, author):
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        intake_answers={"cold_sores": "yes", "hopes": "smoother cheeks"},
        source="online",
    )
    patient = booking.patient
    Note.objects.create(patient=patient, text="Prefers mornings", author=author)
    return patient, booking


def test_a_manager_downloads_a_copy_with_every_apps_part(client, clinic, frozen_monday, manager):
    patient, _ = _patient_with_history(clinic, manager)
    as_user(client, manager)
    response = client.get(reverse("staff:patient_export", kwargs={"patient_id": patient.public_id}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["patient"]["email"] == "ana@example.com"
    assert data["bookings"][0]["screening_answers"]["hopes"] == "smoother cheeks"
    assert data["notes"][0]["text"] == "Prefers mornings"
    assert data["messages"]["messages_sent"][0]["what"] == "Booking confirmation"
    assert "concerns" in data["aftercare"]
    assert AuditEntry.objects.filter(action="export", patient=patient, actor=manager).exists()


def test_erasure_removes_the_person_and_keeps_the_anonymous_record(
    client, clinic, frozen_monday, manager
):
    patient, booking = _patient_with_history(clinic, manager)
    frozen_monday.move_to(MONDAY + timedelta(days=1))  # the booking is now in the past
    Booking.objects.filter(pk=booking.pk).update(status="completed")
    as_user(client, manager)
    url = reverse("staff:patient_erase", kwargs={"patient_id": patient.public_id})
    assert client.post(url, {}).status_code == 400  # the confirming tick
    assert client.post(url, {"confirmed": "on"}).status_code == 302
    patient.refresh_from_db()
    assert (patient.first_name, patient.phone, patient.date_of_birth) == ("Erased", "", None)
    assert "ana@example.com" not in patient.email
    booking.refresh_from_db()
    assert booking.start == MONDAY and booking.intake_answers == {}  # the time stays
    assert Note.objects.get().text.startswith("(erased")
    assert not Message.objects.filter(to="ana@example.com").exists()
    assert AuditEntry.objects.filter(what="patient erased", actor=manager).exists()
    assert Course.objects.count() == Concern.objects.count() == 0  # none existed


def test_a_booking_still_ahead_must_be_cancelled_first(client, clinic, frozen_monday, manager):
    patient, _ = _patient_with_history(clinic, manager)
    as_user(client, manager)
    url = reverse("staff:patient_erase", kwargs={"patient_id": patient.public_id})
    response = client.post(url, {"confirmed": "on"}, follow=True)
    assert "cancel it first" in response.content.decode()
    assert Patient.objects.get().first_name == "Ana"


def test_the_front_desk_may_do_neither(client, clinic, frozen_monday, frontdesk):
    patient = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    ).patient
    as_user(client, frontdesk)
    for name in ("staff:patient_export", "staff:patient_erase"):
        url = reverse(name, kwargs={"patient_id": patient.public_id})
        assert client.get(url).status_code == 403
    assert AuditEntry.objects.filter(action="denied").count() == 2


def test_nothing_more_is_sent_to_or_booked_for_an_erased_record(
    client, clinic, frozen_monday, manager
):
    import pytest

    from outbox import services as outbox_services

    patient, booking = _patient_with_history(clinic, manager)
    frozen_monday.move_to(MONDAY + timedelta(days=1))
    Booking.objects.filter(pk=booking.pk).update(status="completed")
    Message.objects.update(status="sent")
    services.patient_erase(actor=manager, patient=patient)
    patient.refresh_from_db()
    assert patient.erased_at is not None
    with pytest.raises(outbox_services.OutboxError, match="erased"):
        outbox_services.message_resend(message=Message.objects.first(), actor=manager)
    with pytest.raises(services.BookingError, match="erased"):
        services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY + timedelta(days=7),
            provider=clinic.dana,
            patient=patient,
            patient_details=None,
            source="phone",
            online=False,
        )
    as_user(client, manager)
    page = client.get(reverse("staff:patient", kwargs={"patient_id": patient.public_id}))
    assert "Erased at the patient" in page.content.decode()
    assert (
        "New booking</a>"
        not in page.content.decode().split("<main")[-1].split("Treatment series")[0]
    )

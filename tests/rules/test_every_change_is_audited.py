"""Every change writes its audit row, whoever made it (ARCHITECTURE.md, "the audit row"): a
staff member names themselves; the patient (online, through their links) and the system (a
sweep, a script) are actors too, and the database refuses a row that mixes them up."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from bookings import services
from bookings.audit import audit_record
from bookings.models import AuditEntry, Booking
from tests.factories import MONDAY, booking_book

pytestmark = pytest.mark.django_db


def _rows(booking) -> list[tuple[str, str, str | None]]:
    return list(
        AuditEntry.objects.filter(booking=booking)
        .order_by("at", "id")
        .values_list("by", "what", "actor__username")
    )


def test_what_the_patient_does_online_is_in_the_log_as_hers(clinic, frozen_monday):
    week_ahead = MONDAY + timedelta(days=7)  # far enough ahead to cancel online
    booking = booking_book(clinic, start=week_ahead)  # online, as the booking pages make it
    services.booking_reschedule(booking=booking, start=week_ahead + timedelta(hours=1), online=True)
    services.booking_cancel(booking=booking, by_patient=True)
    assert _rows(booking) == [
        ("patient", "booking", None),
        ("patient", "booking time", None),
        ("patient", "booking status", None),
    ]


def test_what_the_system_does_is_in_the_log_as_its_own(clinic, frozen_monday):
    booking = booking_book(clinic, source="phone")
    services.booking_transition(booking=booking, to_status=Booking.Status.CANCELLED)
    assert _rows(booking) == [("system", "booking", None), ("system", "booking status", None)]


def test_what_staff_do_names_them(clinic, frontdesk, frozen_monday):
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        patient_details=services.PatientDetails(
            first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
        ),
        source=Booking.Source.PHONE,
        actor=frontdesk,
        online=False,
    )
    assert _rows(booking) == [("staff", "booking", "desk")]


def test_the_database_refuses_a_staff_row_without_its_staff_member(frontdesk):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(by="staff", action="change", what="booking status")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(by="patient", actor=frontdesk, action="change", what="x")


def test_an_anonymous_request_is_never_written_as_staff(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    row = audit_record(request=request, action=AuditEntry.Action.VIEW, what="page")
    assert (row.by, row.actor) == ("system", None)

"""A returning patient who types a new phone or way to be reached: kept for the desk to
accept or set aside, shown on the booking and patient pages; never written straight in."""

from datetime import timedelta

from django.urls import reverse

from bookings.models import AuditEntry, Patient, PatientUpdate
from tests.bookings.test_booking_pages import FORM
from tests.factories import MONDAY, as_user


def _book_twice(client, **second):
    first = {**FORM, "start": (MONDAY + timedelta(days=7)).isoformat()}
    assert client.post("/book/halo/details/", first).status_code == 302
    again = {**FORM, "start": (MONDAY + timedelta(days=7, hours=3)).isoformat(), **second}
    assert client.post("/book/halo/details/", again).status_code == 302


def test_a_new_phone_waits_for_the_desk_and_is_accepted(
    client, clinic, frozen_monday, frontdesk, settings
):
    settings.BOOKING_RATE_LIMIT = "1000/h"
    _book_twice(client, phone="(773) 555-0142", message_channel="both")
    patient = Patient.objects.get()
    assert patient.phone == "+13125550111"  # not written straight in
    update = PatientUpdate.objects.get()
    assert update.changes == {"phone": "+17735550142", "message_channel": "both"}

    as_user(client, frontdesk)
    page = client.get(reverse("staff:patient", kwargs={"patient_id": patient.public_id}))
    assert "phone (773) 555-0142, messages by email and text" in page.content.decode()
    booking = update.booking
    booking_page = client.get(reverse("staff:booking", kwargs={"booking_id": booking.public_id}))
    assert "The patient typed new details" in booking_page.content.decode()

    client.post(
        reverse("staff:patient_update", kwargs={"update_id": update.pk}), {"decision": "accept"}
    )
    patient.refresh_from_db()
    assert (patient.phone, patient.message_channel) == ("+17735550142", "both")
    assert AuditEntry.objects.filter(what="patient details", actor=frontdesk).exists()


def test_the_same_details_leave_nothing_pending(client, clinic, frozen_monday, settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"
    _book_twice(client)
    assert not PatientUpdate.objects.exists()


def test_set_aside_changes_nothing(client, clinic, frozen_monday, frontdesk, settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"
    _book_twice(client, phone="(773) 555-0142")
    update = PatientUpdate.objects.get()
    as_user(client, frontdesk)
    client.post(
        reverse("staff:patient_update", kwargs={"update_id": update.pk}), {"decision": "dismiss"}
    )
    update.refresh_from_db()
    assert update.resolved_by == frontdesk and not update.accepted
    assert Patient.objects.get().phone == "+13125550111"

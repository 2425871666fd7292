"""Care messages reach every patient unless they stop a kind: per-kind switches the patient
changes through a signed link (one-click per kind, or all), and the desk at their request."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from aftercare.models import Reminder
from aftercare.sending import reminders_send_due
from bookings import access, preferences, services
from bookings.models import AuditEntry, Booking, Patient
from tests.bookings.test_booking_pages import FORM
from tests.factories import MONDAY, as_user, patient_details
from tests.outbox_helpers import outbox_flush


@pytest.fixture(autouse=True)
def _no_rate_limit_leak(settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"


@pytest.fixture
def patient(db):
    return Patient.objects.create(
        first_name="Ana", last_name="Patient", email="ana@example.com", phone="3125550111"
    )


def test_a_patient_who_ticks_nothing_still_gets_the_appointment_reminder(
    client, clinic, frozen_monday
):
    start = MONDAY + timedelta(days=7)
    response = client.post("/book/halo/details/", {**FORM, "start": start.isoformat()})
    assert response.status_code == 302
    patient = Patient.objects.get()
    assert all(preferences.patient_wants(patient, kind) for kind in preferences.KINDS)
    reminder = Reminder.objects.get(kind="appointment")
    outbox_flush()  # the confirmation
    reminders_send_due(now=reminder.due_at)
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]


def test_the_patient_changes_their_choices_through_the_signed_link(client, patient):
    path = preferences.preferences_path(patient)
    page = client.get(path).content.decode()
    assert "Appointment reminders" in page and "Next-session reminders" in page
    response = client.post(path, {"wants_appointment_reminders": "on"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.wants_appointment_reminders
    assert not (patient.wants_care_tips or patient.wants_next_session_nudge)
    row = AuditEntry.objects.get()
    assert row.what == "message preferences (by the patient)" and row.actor is None
    assert row.detail["off"] == ["Preparation and aftercare tips", "Next-session reminders"]


def test_a_tampered_or_unknown_link_changes_nothing(client, patient):
    path = preferences.preferences_path(patient)
    assert client.post(path[:-3] + "xx/", {}).status_code == 404
    stop = reverse("bookings:preferences_stop", kwargs={"token": "nope", "kind": "all"})
    assert client.post(stop).status_code == 404
    bad_kind = preferences.stop_kind_path(patient, preferences.CARE_TIPS).replace(
        "care-tips", "marketing"
    )
    assert client.post(bad_kind).status_code == 404
    patient.refresh_from_db()
    assert all(preferences.patient_wants(patient, kind) for kind in preferences.KINDS)


def test_opening_a_stop_link_asks_and_only_the_post_stops(patient):
    path = preferences.stop_kind_path(patient, preferences.NEXT_SESSION)
    client = Client(enforce_csrf_checks=True)  # RFC 8058: the mail program has no session
    assert "Stop next-session reminders?" in client.get(path).content.decode()
    patient.refresh_from_db()
    assert patient.wants_next_session_nudge  # a mail scanner opening the link stops nothing
    page = client.post(path, {"List-Unsubscribe": "One-Click"}).content.decode()
    assert "Stop every care message too" in page  # the page offers to stop all
    patient.refresh_from_db()
    assert not patient.wants_next_session_nudge
    assert patient.wants_appointment_reminders and patient.wants_care_tips
    client.post(preferences.stop_all_path(patient))
    patient.refresh_from_db()
    assert preferences.patient_wants_nothing(patient)


def test_an_old_unsubscribe_link_opens_the_stop_all_page(client, patient):
    from django.core import signing

    from aftercare.links import UNSUBSCRIBE_LINK

    token = signing.dumps({"p": patient.public_id.hex}, salt=UNSUBSCRIBE_LINK.salt)
    response = client.get(reverse("aftercare:unsubscribe", kwargs={"token": token}))
    assert response.status_code == 302
    assert response["Location"] == preferences.stop_all_path(patient)


def test_a_returning_patients_booking_never_turns_their_messages_back_on(
    client, clinic, frozen_monday
):
    ana = services.patient_find_or_create(details=patient_details())
    services.patient_messages_stop(patient=ana)
    assert client.post("/book/halo/details/", FORM).status_code == 302
    ana.refresh_from_db()
    assert preferences.patient_wants_nothing(ana)
    assert Booking.objects.get().patient == ana


def test_staff_without_the_permission_are_refused_and_the_refusal_audited(
    client, patient, provider_dana
):
    as_user(client, provider_dana)
    url = reverse("staff:patient_preferences", kwargs={"patient_id": patient.public_id})
    response = client.post(url, {})
    assert response.status_code == 403
    patient.refresh_from_db()
    assert patient.wants_care_tips
    assert AuditEntry.objects.filter(action="denied").count() == 1
    # The service refuses whoever calls it (the admin, a shell), not only the page.
    with pytest.raises(access.AccessDenied):
        services.patient_preferences_set(
            actor=provider_dana, patient=patient, wants={"wants_care_tips": False}
        )
    patient.refresh_from_db()
    assert patient.wants_care_tips
    assert AuditEntry.objects.filter(action="denied", what="message preferences").exists()


def test_the_desk_sees_the_choices_on_the_patient_page(client, patient, frontdesk):
    services.patient_messages_stop(patient=patient, kind=preferences.CARE_TIPS)
    as_user(client, frontdesk)
    page = client.get(reverse("staff:patient", kwargs={"patient_id": patient.public_id}))
    assert "preparation and aftercare tips off" in page.content.decode()

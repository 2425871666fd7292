"""A reminder goes out only while its appointment is still ahead and still on: never for a
cancelled booking, a no-show, or an appointment that has begun, not even when staff press
resend or a row is left pending by mistake. The sweep is the last check."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from aftercare.models import Reminder
from aftercare.sending import reminders_send_due
from bookings import services as booking_services
from tests.factories import MONDAY, THREE_WEEKS, as_user, halo_session, patient_details
from tests.outbox_helpers import outbox_flush

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago


def _press_resend(client, user, reminder) -> Reminder:
    as_user(client, user)
    url = reverse("staff_aftercare:resend", kwargs={"reminder_id": reminder.pk})
    assert client.post(url).status_code == 302
    reminder.refresh_from_db()
    return reminder


def _forced_pending(reminder, due) -> None:
    """As if a bug, a race or a restored backup left the row waiting to go out."""
    Reminder.objects.filter(pk=reminder.pk).update(status="pending", due_at=due, attempts=0)


@pytest.fixture
def consultation(clinic, frozen_monday):
    booking = booking_services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    outbox_flush()  # its confirmation; this module is about reminders
    return booking


def test_a_no_show_leaves_no_pending_reminders(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, SESSION)
    before = Reminder.objects.get(kind="care_step", occurrence=-14)
    appointment = Reminder.objects.get(kind="appointment", booking=booking)
    assert (before.status, appointment.status) == ("pending", "pending")
    frozen_monday.move_to(SESSION + timedelta(minutes=30))  # nobody came; no sweep ran

    booking_services.booking_transition(booking=booking, to_status="no_show")
    outbox_flush()  # the bookings' confirmations; this test is about reminders

    pending = Reminder.objects.filter(status="pending")
    assert not pending.filter(booking=booking).exists()
    assert not pending.filter(course__booking=booking).exists()
    assert reminders_send_due(now=SESSION + timedelta(days=1)).sent == 0
    assert mail.outbox == []


def test_a_cancelled_bookings_appointment_reminder_is_not_resent_and_never_sent(
    client, consultation, frontdesk
):
    reminder = Reminder.objects.get(kind="appointment", booking=consultation)
    booking_services.booking_cancel(booking=consultation, reason="Unwell", actor=frontdesk)
    outbox_flush()  # the cancellation email; this test is about the reminder
    assert _press_resend(client, frontdesk, reminder).status == "cancelled"

    _forced_pending(reminder, reminder.due_at)
    result = reminders_send_due(now=reminder.due_at)
    assert (result.sent, result.skipped, mail.outbox) == (0, 1, [])
    assert Reminder.objects.get(pk=reminder.pk).status == "skipped"


def test_a_started_appointments_reminder_is_not_resent_and_never_sent(
    client, consultation, frontdesk, frozen_monday
):
    reminder = Reminder.objects.get(kind="appointment", booking=consultation)
    Reminder.objects.filter(pk=reminder.pk).update(status="failed", last_error="550 busy")
    started = consultation.start + timedelta(minutes=5)
    frozen_monday.move_to(started)
    assert _press_resend(client, frontdesk, reminder).status == "failed"

    _forced_pending(reminder, started)
    result = reminders_send_due(now=started)
    assert (result.sent, result.skipped, mail.outbox) == (0, 1, [])


@pytest.fixture
def begun_session(plan, consulted_patient, clinic, frozen_monday):
    """A HALO session checked in 20 minutes ago, not yet completed; its day -14 advice had
    failed to go out."""
    booking = halo_session(clinic, consulted_patient, SESSION)
    reminder = Reminder.objects.get(kind="care_step", occurrence=-14)
    Reminder.objects.filter(pk=reminder.pk).update(status="failed", last_error="550 busy")
    frozen_monday.move_to(SESSION + timedelta(minutes=20))
    booking_services.booking_transition(booking=booking, to_status="checked_in")
    outbox_flush()
    return reminder


def test_a_before_session_step_is_never_sent_once_the_session_has_begun(begun_session):
    now = SESSION + timedelta(minutes=20)
    _forced_pending(begun_session, now)
    result = reminders_send_due(now=now)
    assert (result.sent, result.skipped, mail.outbox) == (0, 1, [])


def test_staff_cannot_resend_a_before_session_step_once_the_session_has_begun(
    client, begun_session, frontdesk
):
    assert _press_resend(client, frontdesk, begun_session).status == "failed"


def test_a_reminder_for_an_appointment_still_ahead_is_resent(client, consultation, frontdesk):
    # The counterpart: the rule refuses only what would confuse.
    reminder = Reminder.objects.get(kind="appointment", booking=consultation)
    Reminder.objects.filter(pk=reminder.pk).update(status="failed", last_error="550 busy")
    assert _press_resend(client, frontdesk, reminder).status == "pending"
    result = reminders_send_due(now=reminder.due_at)
    assert (result.sent, len(mail.outbox)) == (1, 1)

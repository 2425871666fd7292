"""Awkward sequences: moving a booking away and back, resending for a cancelled booking,
completing late, the next-session window, and a sender that fails on the database."""

from datetime import timedelta

import pytest
from django.core import mail

from aftercare import services
from aftercare.links import course_timeline_path
from aftercare.models import Course, Reminder
from aftercare.sending import reminders_queue_due, reminders_send_due
from bookings import services as booking_services
from bookings.models import Booking
from outbox.models import Message
from tests.factories import MONDAY, THREE_WEEKS, complete, halo_session, local
from tests.outbox_helpers import outbox_flush

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago


def _move(booking, start):
    return booking_services.booking_reschedule(booking=booking, start=start, online=False)


def test_moving_earlier_and_back_restores_the_before_steps(plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    _move(booking, MONDAY + timedelta(days=7, hours=1))  # day -14 would now be in the past
    day_minus_14 = Reminder.objects.get(kind="care_step", occurrence=-14)
    assert day_minus_14.status == "cancelled"
    _move(booking, SESSION)
    day_minus_14.refresh_from_db()
    assert (day_minus_14.status, local(day_minus_14.due_at)) == ("pending", "2027-04-19 09:00")


def test_moving_a_booking_away_and_back_keeps_its_24_hour_reminder(clinic, frozen_monday):
    from tests.factories import patient_details

    start = MONDAY + timedelta(days=7)
    booking = booking_services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=start,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    _move(booking, start + timedelta(hours=2))
    _move(booking, start)
    pending = Reminder.objects.filter(booking=booking, status="pending")
    assert [r.appointment_start for r in pending] == [start]


def test_a_reminder_handed_to_the_outbox_is_left_alone_by_a_move(plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    reminder = Reminder.objects.get(kind="care_step", occurrence=-14)
    reminders_queue_due(now=reminder.due_at)
    _move(booking, SESSION + timedelta(days=7))
    reminder.refresh_from_db()
    assert reminder.status == "queued"  # the outbox that holds it sends it
    assert reminder.message.status == "pending"


def test_a_cancelled_bookings_reminder_cannot_be_resent_and_is_never_sent(
    plan, consulted_patient, clinic
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    booking_services.booking_cancel(booking=booking, reason="Unwell", by_patient=True)
    outbox_flush()  # the booking's confirmation and cancellation
    reminder = Reminder.objects.get(kind="care_step", occurrence=-14)
    with pytest.raises(services.AftercareError, match="cancelled"):
        services.reminder_resend(reminder=reminder)
    Reminder.objects.filter(pk=reminder.pk).update(status="pending")  # even if forced
    reminders_send_due(now=SESSION - timedelta(days=13))
    assert mail.outbox == []
    assert Reminder.objects.get(pk=reminder.pk).status == "skipped"


def test_a_session_completed_after_the_evening_step_still_sends_it(
    plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=9, minutes=30))  # 19:30, after 18:00
    course = complete(booking).course
    tonight = course.reminders.get(occurrence=0)
    assert tonight.due_at == SESSION + timedelta(hours=9, minutes=30)  # at once


def test_the_next_session_is_booked_only_inside_the_window_and_only_once(
    client, plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    path = course_timeline_path(course) + "next/confirm/"

    too_soon = SESSION + timedelta(days=7)
    assert client.post(path, {"start": too_soon.isoformat()}).status_code == 302
    assert not Booking.objects.filter(start=too_soon).exists()
    assert client.post(path, {"start": "9999-12-31T23:00:00-05:00"}).status_code == 302

    first = SESSION + timedelta(days=28)
    client.post(path, {"start": first.isoformat()})
    client.post(path, {"start": (first + timedelta(hours=2)).isoformat()})
    later = Booking.objects.filter(patient=course.patient, start__gt=SESSION)
    assert [b.start for b in later] == [first]


@pytest.mark.django_db(transaction=True)
def test_a_sender_that_hits_a_database_error_does_not_stall_the_sweep(
    plan, consulted_patient, clinic, frozen_monday, settings, monkeypatch
):
    import outbox.sending as sending

    settings.OUTBOX_SEND_THREADS = 2
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    complete(booking)
    outbox_flush()
    calls = {"n": 0}
    real = sending.message_mark_sent

    def flaky(message, **marks):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("connection reset by peer")
        real(message, **marks)

    monkeypatch.setattr(sending, "message_mark_sent", flaky)
    result = reminders_send_due(now=SESSION + timedelta(days=5), batch_size=1, time_budget=20)
    assert result.sent >= 5
    assert Message.objects.filter(status="sending").count() == 1  # the one left for later
    assert Course.objects.get().status == "active"


def test_a_next_session_booked_online_is_moved_online_like_any_other(
    client, plan, consulted_patient, clinic, frozen_monday
):
    from bookings.links import booking_manage_path

    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    first = SESSION + timedelta(days=28)
    client.post(course_timeline_path(course) + "next/confirm/", {"start": first.isoformat()})
    nxt = Booking.objects.get(patient=course.patient, start=first)
    path = booking_manage_path(nxt)
    assert "Move to another time" in client.get(path).content.decode()
    later = first + timedelta(days=7)
    response = client.post(path + "move/confirm/", {"start": later.isoformat()})
    assert response.status_code == 302
    nxt.refresh_from_db()
    assert nxt.start == later


def test_the_next_session_pages_through_the_window_and_takes_a_provider(
    client, plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    path = course_timeline_path(course) + "next/"
    page = client.get(path, {"provider": clinic.priya.public_id}).content.decode()
    assert f'value="{clinic.priya.public_id}" selected' in page
    assert f"provider={clinic.priya.public_id}" in page  # the times keep the choice
    # The window runs 28 days from day 28; only Mondays are worked: no "Later dates" needed,
    # but a later day in the window can be opened.
    later = (SESSION + timedelta(days=49)).date().isoformat()
    assert later in page
    start = SESSION + timedelta(days=49)
    confirm = path + "confirm/"
    client.post(confirm, {"start": start.isoformat(), "provider": clinic.priya.public_id})
    booked = Booking.objects.get(patient=course.patient, start=start)
    assert booked.provider == clinic.priya

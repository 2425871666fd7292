import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from aftercare.models import Reminder
from aftercare.sending import reminders_send_due
from outbox.models import Message
from tests.factories import CHICAGO, MONDAY, THREE_WEEKS, complete, halo_session
from tests.outbox_helpers import outbox_flush
from tests.readable import mentions, readable

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago


@pytest.fixture
def started(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, SESSION)
    booking.intake_answers = {"cold_sores": "yes", "hopes": "fade my acne scars"}
    booking.save(update_fields=["intake_answers"])
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    outbox_flush()  # the bookings' confirmations: this module counts reminders
    return course


def test_due_reminders_go_out_once_each(started):
    evening = SESSION + timedelta(hours=9)  # 19:00 local: day 0's 18:00 step is due
    first = reminders_send_due(now=evening)
    again = reminders_send_due(now=evening)
    assert (first.sent, again.sent) == (1, 0)
    assert len(mail.outbox) == 1
    reminder = Reminder.objects.get(status="queued")
    assert (reminder.kind, reminder.occurrence) == ("care_step", 0)
    message = reminder.message
    assert (message.status, message.attempts, message.sent_at) == ("sent", 1, evening)
    assert message.kind == "care_tip" and message.patient == started.patient


def test_the_email_links_the_days_care_with_unsubscribe_headers_and_no_health_answers(started):
    reminders_send_due(now=SESSION + timedelta(hours=9))
    message = mail.outbox[0]
    assert message.subject == "Your aftercare today: what to expect"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    html = message.alternatives[0][0]
    for body in (message.body, html):
        words = readable(body)
        assert "Your aftercare starts today." in words
        # The step's own words ("Tonight", "Do: Tonight") stay on the timeline behind the link.
        assert not mentions(words, "Tonight")
        assert "/aftercare/" in body
        assert "Test Skin Clinic" in body
        # Whole words: a signed link in the body may hold any short run of letters.
        assert "cold sore" not in body.lower() and not mentions(body.lower(), "acne")
        assert not mentions(body, "Face")  # treated areas and settings stay clinical


def test_a_week_of_reminders_each_arrives_on_its_day(started):
    moment, sent_days = SESSION, []
    session_day = SESSION.astimezone(CHICAGO).date()
    while moment < SESSION + timedelta(days=7):
        moment += timedelta(minutes=30)
        before = len(mail.outbox)
        reminders_send_due(now=moment)
        day = (moment.astimezone(CHICAGO).date() - session_day).days
        sent_days += [day] * (len(mail.outbox) - before)
    # Day 0 evening; sunscreen every morning on days 1-7 (the loop ends at 10:00 on day 7);
    # flaking on day 4; the 22:30 step of day 5 waits for 8:00 on day 6.
    assert sorted(sent_days) == [0, 1, 2, 3, 4, 4, 5, 6, 6, 7]


def test_a_patient_who_stopped_care_tips_is_skipped_not_emailed(started):
    started.patient.wants_care_tips = False
    started.patient.save()
    result = reminders_send_due(now=SESSION + timedelta(hours=9))
    assert (result.sent, result.skipped, len(mail.outbox)) == (0, 1, 0)
    assert Reminder.objects.get(kind="care_step", occurrence=0).status == "skipped"


def test_the_one_click_unsubscribe_stops_the_kind_it_came_with(started):
    reminders_send_due(now=SESSION + timedelta(hours=9))
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    path = header.strip("<>").removeprefix(settings.SITE_URL.rstrip("/"))
    mail.outbox.clear()
    # A mail program's one-click POST: no session, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    started.patient.refresh_from_db()
    assert not started.patient.wants_care_tips
    assert started.patient.wants_appointment_reminders  # only the kind it came with
    reminders_send_due(now=SESSION + timedelta(days=3))
    assert mail.outbox == []


def test_a_backlog_reached_in_quiet_hours_waits_until_eight(started):
    night = SESSION + timedelta(hours=13)  # 23:00 local on day 0
    result = reminders_send_due(now=night)
    assert (result.sent, result.deferred) == (0, 1)
    reminder = Reminder.objects.get(kind="care_step", occurrence=0)
    assert reminder.status == "pending"
    assert reminder.due_at == SESSION + timedelta(hours=22)  # 8:00 the next morning
    assert reminder.attempts == 0


def test_smtp_failures_retry_with_backoff_then_fail_visibly(started, settings):
    settings.EMAIL_BACKEND = "tests.aftercare.failing_backend.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    moment = SESSION + timedelta(hours=9)
    waits = []
    for _ in range(3):
        reminders_send_due(now=moment)
        message = Reminder.objects.get(kind="care_step", occurrence=0).message
        if message.status == "failed":
            break
        waits.append(message.due_at - moment)
        moment = message.due_at
    assert waits == [timedelta(seconds=15), timedelta(seconds=30)]  # outbox/sending.py
    assert message.status == "failed"
    assert message.attempts == 3
    assert "SMTPServerDisconnected" in message.last_error
    reminder = Reminder.objects.get(kind="care_step", occurrence=0)
    assert (reminder.delivery_label, reminder.delivery_error) == ("Failed", message.last_error)


def test_a_reminder_stuck_in_sending_is_sent_by_a_later_sweep(started, settings):
    claimed = SESSION + timedelta(hours=9)
    settings.EMAIL_BACKEND = "tests.aftercare.failing_backend.RefusingBackend"
    reminders_send_due(now=claimed)  # handed to the outbox; the send fails
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = Reminder.objects.get(kind="care_step", occurrence=0).message
    # A worker that claimed it, then died.
    Message.objects.filter(pk=message.pk).update(status="sending", claimed_at=claimed)
    assert reminders_send_due(now=claimed + timedelta(minutes=5)).sent == 0  # still in flight
    later = claimed + timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS + 60)
    result = reminders_send_due(now=later)
    assert (result.released, result.sent) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(started):
    moment = SESSION + timedelta(days=10)  # ten days' worth due at once
    due = Reminder.objects.filter(status="pending", due_at__lte=moment).count()
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        barrier.wait(timeout=30)
        results.append(reminders_send_due(now=moment, batch_size=2))
        connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r.sent for r in results) == due == len(mail.outbox)
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == due
    assert all(r.sent > 0 for r in results)  # both really worked


def test_a_backlog_due_the_same_minute_goes_out_whole_in_small_batches(started):
    # The sweep carries on from its last batch in (due_at, id) order: with every reminder due
    # at one moment, only the id tells the batches apart.
    moment = SESSION + timedelta(days=6)
    backlog = Reminder.objects.filter(status="pending", occurrence__gte=0)
    backlog.update(due_at=moment)
    count = backlog.count()
    assert count >= 5
    result = reminders_send_due(now=moment, batch_size=2)
    assert result.sent == count and len(mail.outbox) == count
    queued = Reminder.objects.filter(status="queued")
    assert queued.count() == count
    assert len({r.message_id for r in queued}) == count
    assert not Message.objects.exclude(status="sent").filter(kind="care_tip").exists()

"""Confirmations, "moved" and "cancelled" are outbox rows written when their event happens:
no broker, worker error or later change to the booking can lose or rewrite them."""

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail

from bookings import services
from bookings.models import Booking
from outbox import services as outbox_services
from outbox.models import Message
from outbox.sending import messages_send_due
from tests.factories import MONDAY, booking_book
from treatments.models import Clinic


def test_ten_bookings_with_no_worker_leave_ten_rows_the_sweep_sends(clinic, frozen_monday):
    # No on-commit wake-up runs here (as if Redis lost every one): the rows are the truth.
    for i in range(10):
        provider = (clinic.dana, clinic.priya)[i % 2]
        start = MONDAY + timedelta(hours=i // 2)
        booking_book(clinic, start=start, email=f"p{i}@example.com", provider=provider)
    assert Message.objects.filter(kind="booking_confirmed", status="pending").count() == 10
    assert mail.outbox == []
    assert messages_send_due().sent == 10
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{i}@example.com" for i in range(10))
    assert messages_send_due().sent == 0  # exactly once


def test_a_clinic_name_with_a_line_break_still_sends(clinic, frozen_monday):
    Clinic.objects.update(name="Test Skin\nClinic")
    booking_book(clinic)
    assert messages_send_due().sent == 1
    assert mail.outbox[0].subject == "Your consultation is booked | Test Skin Clinic"


def test_the_moved_email_says_the_old_time_and_the_time_of_that_move(clinic, frozen_monday):
    booking = booking_book(clinic)
    services.booking_reschedule(booking=booking, start=MONDAY + timedelta(hours=2))
    services.booking_reschedule(booking=booking, start=MONDAY + timedelta(hours=4))
    first, second = Message.objects.filter(kind="booking_moved").order_by("id")
    assert "moved from Monday 12 April, 9:00 AM" in first.text
    assert "11:00 AM" in first.text and "1:00 PM" not in first.text  # as it was then
    assert "moved from Monday 12 April, 11:00 AM" in second.text and "1:00 PM" in second.text


def test_a_replayed_move_to_the_same_time_changes_and_sends_nothing(clinic, frozen_monday):
    booking = booking_book(clinic)
    later = MONDAY + timedelta(hours=2)
    for _ in range(3):
        services.booking_reschedule(booking=booking, start=later)
    booking.refresh_from_db()
    assert booking.sequence == 1
    assert Message.objects.filter(kind="booking_moved").count() == 1


def test_an_event_announced_twice_writes_one_message(clinic, frozen_monday):
    booking = booking_book(clinic)
    again = outbox_services.booking_message_queue(booking=booking, event="confirmed")
    assert [Message.objects.filter(kind="booking_confirmed").get()] == again


def test_a_confirmation_of_a_booking_cancelled_before_it_went_is_not_sent(clinic, frozen_monday):
    booking = booking_book(clinic)
    services.booking_cancel(booking=booking, reason="Changed my mind")
    messages_send_due()
    assert [m.subject.split(" |")[0] for m in mail.outbox] == ["Your appointment is cancelled"]
    confirmation = Message.objects.get(kind="booking_confirmed")
    assert (confirmation.status, confirmation.reason) == ("cancelled", "The booking was cancelled")


def test_a_message_that_cannot_be_written_never_costs_the_patient_the_booking(
    clinic, frozen_monday, monkeypatch
):
    def broken(**kwargs):
        raise ValueError("template error")

    monkeypatch.setattr("bookings.emails.booking_email_build", broken)
    booking = booking_book(clinic)
    assert Booking.objects.filter(pk=booking.pk, status="confirmed").exists()
    message = Message.objects.get()
    assert (message.status, message.reason) == ("skipped", "Could not be written")
    assert "template error" in message.last_error


def test_every_attempt_carries_the_rows_one_message_id_on_the_sites_domain(
    clinic, frozen_monday, settings
):
    settings.SITE_URL = "https://book.clinic.example"
    booking_book(clinic)
    message = Message.objects.get()
    assert message.message_id == f"<{message.public_id.hex}@book.clinic.example>"
    settings.EMAIL_BACKEND = "tests.aftercare.failing_backend.RefusingBackend"
    messages_send_due()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message.refresh_from_db()
    messages_send_due(now=message.due_at)
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id


@pytest.mark.parametrize(("cancel", "method"), [(False, "REQUEST"), (True, "CANCEL")])
def test_the_calendar_part_has_one_charset_and_its_method(clinic, frozen_monday, cancel, method):
    booking = booking_book(clinic)
    if cancel:
        services.booking_cancel(booking=booking)
    messages_send_due()
    raw = message_from_bytes(mail.outbox[-1].message().as_bytes())
    (part,) = [p for p in raw.walk() if p.get_content_type() == "text/calendar"]
    assert part["Content-Type"].count("charset") == 1
    assert part.get_param("method") == method
    assert f"METHOD:{method}" in part.get_payload(decode=True).decode()


def test_a_confirmation_reads_back_as_text_html_and_invite_each_in_its_own_part(
    clinic, frozen_monday
):
    # The outbox draws the multipart boundaries itself (outbox/emails.py): each must be its
    # own, or a mail program sees one part where there are three.
    booking_book(clinic)
    messages_send_due()
    message = Message.objects.get()
    raw = message_from_bytes(mail.outbox[0].message().as_bytes())
    types = [part.get_content_type() for part in raw.walk()]
    assert types == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    boundaries = {part.get_boundary() for part in raw.walk() if part.is_multipart()}
    assert len(boundaries) == 2
    text = next(part for part in raw.walk() if part.get_content_type() == "text/plain")
    assert text.get_payload(decode=True).decode() == message.text


def test_the_sweep_itself_skips_a_confirmation_of_a_cancelled_booking(clinic, frozen_monday):
    booking = booking_book(clinic)
    services.booking_cancel(booking=booking)
    # As if a race or a restored backup left the confirmation waiting to go out.
    Message.objects.filter(kind="booking_confirmed").update(status="pending")
    messages_send_due()
    confirmation = Message.objects.get(kind="booking_confirmed")
    assert (confirmation.status, confirmation.reason) == ("skipped", "The booking was cancelled")
    assert len(mail.outbox) == 1  # the cancellation alone

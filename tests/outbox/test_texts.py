"""Texts as a second channel: through the same rows and sweep as email, short, with a short
link to the signed one, to the provider's real HTTP API (a local stand-in of it), and STOP
honoured through the provider's signed webhook."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from aftercare.models import Reminder
from aftercare.sending import reminders_send_due
from bookings.links import booking_manage_path
from bookings.models import AuditEntry, Patient
from outbox.models import InboundText, Message
from outbox.sending import messages_send_due
from tests.factories import MONDAY, NEXT_MONDAY, as_user, booking_book
from tests.sms_fake import FakeTwilio, twilio_settings, webhook_signature

MOBILE = "+13125550111"  # patient_details()'s "(312) 555-0111"


@pytest.fixture
def twilio(settings):
    with FakeTwilio() as fake:
        twilio_settings(settings, fake)
        settings.SITE_URL = "https://clinic.example"
        yield fake


def _webhook(client, path, params, *, signature=None):
    url = "https://clinic.example" + path
    return client.post(
        path, params, HTTP_X_TWILIO_SIGNATURE=signature or webhook_signature(url, params)
    )


def test_a_patient_who_chose_texts_gets_a_one_segment_text_with_a_working_link(
    client, clinic, frozen_monday, twilio
):
    booking = booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    assert messages_send_due().sent == 1
    assert mail.outbox == []  # texts only, as chosen
    (text,) = twilio.bodies_to(MOBILE)
    assert text.startswith(
        "Test Skin Clinic: your consultation is booked for Mon 19 Apr 9:00 AM CDT."
    )
    assert len(text) <= 160 and text.isascii()
    assert "Reply STOP" in text
    short = text.split("Manage: ")[1].split(" ")[0].removeprefix("https://clinic.example")
    assert client.get(short)["Location"] == booking_manage_path(booking)
    message = Message.objects.get()
    assert message.provider_ref == twilio.sent[0]["sid"]
    assert twilio.sent[0]["StatusCallback"] == "https://clinic.example/sms/status/"


def test_both_sends_an_email_and_a_text(clinic, frozen_monday, twilio):
    booking_book(clinic, start=NEXT_MONDAY, message_channel="both")
    assert messages_send_due().sent == 2
    assert len(mail.outbox) == 1 and len(twilio.sent) == 1


def test_a_stop_reply_stops_the_next_text_and_email_carries_it(
    client, clinic, frozen_monday, twilio
):
    booking = booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    messages_send_due()
    params = {"MessageSid": "SM1", "From": MOBILE, "To": "+13125550100", "Body": "Stop"}
    assert _webhook(client, reverse("outbox:sms_inbound"), params).status_code == 200
    patient = Patient.objects.get()
    assert patient.sms_stopped_at is not None
    assert AuditEntry.objects.filter(what="texts stopped (STOP)", patient=patient).exists()
    reminder = Reminder.objects.get(booking=booking, kind="appointment")
    reminders_send_due(now=reminder.due_at)
    assert len(twilio.sent) == 1  # no text after STOP...
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]  # ...the reminder came by email


def test_a_webhook_with_a_bad_signature_changes_nothing(client, clinic, frozen_monday, twilio):
    booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    params = {"MessageSid": "SM2", "From": MOBILE, "Body": "STOP"}
    forged = webhook_signature("https://clinic.example/sms/inbound/", params, token="guess")
    response = _webhook(client, reverse("outbox:sms_inbound"), params, signature=forged)
    assert response.status_code == 403
    assert Patient.objects.get().sms_stopped_at is None
    assert not InboundText.objects.exists()


def test_a_reply_lands_in_the_desks_queue_once(client, clinic, frozen_monday, twilio, frontdesk):
    booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    params = {"MessageSid": "SM3", "From": MOBILE, "Body": "Can I bring my sister?"}
    for _ in range(2):  # the provider retries a webhook it thinks failed
        _webhook(client, reverse("outbox:sms_inbound"), params)
    received = InboundText.objects.get()
    assert (received.kind, received.patient.email) == ("reply", "ana@example.com")
    as_user(client, frontdesk)
    page = client.get(reverse("staff_outbox:texts")).content.decode()
    assert "Can I bring my sister?" in page
    assert '1<span class="visually-hidden"> waiting</span>' in page
    client.post(reverse("staff_outbox:text_handle", kwargs={"text_id": received.public_id}))
    received.refresh_from_db()
    assert received.handled_by == frontdesk


def test_a_provider_error_is_retried_then_shown_as_failed(clinic, frozen_monday, twilio, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    twilio.failures_left = 5
    messages_send_due()
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("pending", 1)
    messages_send_due(now=message.due_at)
    message.refresh_from_db()
    assert message.status == "failed" and "HTTP 500" in message.last_error


def test_a_delivery_report_of_undelivered_marks_the_text_failed(
    client, clinic, frozen_monday, twilio
):
    booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    messages_send_due()
    sid = twilio.sent[0]["sid"]
    params = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert _webhook(client, reverse("outbox:sms_status"), params).status_code == 204
    message = Message.objects.get()
    assert message.status == "failed" and "30003" in message.last_error


def test_a_care_text_retried_into_the_night_waits_for_the_morning(clinic, frozen_monday, twilio):
    from outbox.services import message_queue

    patient = Patient.objects.create(
        first_name="Ana", last_name="P", email="a@example.com", phone="3125550111"
    )
    night = MONDAY + timedelta(hours=13)  # 22:00 in Chicago
    message_queue(kind="care_tip", channel="sms", to=MOBILE, text="Tip", patient=patient)
    result = messages_send_due(now=night)
    assert (result.sent, result.deferred) == (0, 1)
    assert Message.objects.get().due_at == MONDAY + timedelta(days=1) - timedelta(hours=1)


def test_a_landline_gets_email_only(clinic, frozen_monday, twilio):
    from bookings.preferences import channels_for

    patient = Patient(phone="+44 20 7946 0018", message_channel="sms")
    assert channels_for(patient) == ["email"]


def test_texts_to_a_number_that_cannot_take_them_are_refused_on_the_form(
    client, clinic, frozen_monday, settings
):
    from tests.bookings.test_booking_pages import FORM

    settings.BOOKING_RATE_LIMIT = "1000/h"
    form = {**FORM, "phone": "+44 20 7946 0018", "message_channel": "sms"}
    response = client.post("/book/halo/details/", form)
    assert response.status_code == 400
    assert "We can&#x27;t send texts to that number" in response.content.decode()
    assert not Patient.objects.exists()


def test_a_text_only_patient_is_told_we_texted(client, clinic, frozen_monday, twilio):
    booking = booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    page = client.get(booking_manage_path(booking) + "?booked=1").content.decode()
    assert "We've texted a confirmation" in page and "emailed" not in page


def test_a_same_day_text_goes_on_the_morning_to_patients_who_take_texts(
    clinic, frozen_monday, twilio
):
    from treatments.models import Clinic

    Clinic.objects.update(same_day_text=True)
    # 9:00 on Monday 19 April: due 8:00, the end of quiet hours.
    texted = booking_book(clinic, start=NEXT_MONDAY, message_channel="sms")
    emailed = booking_book(
        clinic,
        start=NEXT_MONDAY + timedelta(hours=5),
        email="bea@example.com",
        message_channel="email",
    )
    same_day = Reminder.objects.get(booking=texted, kind="same_day")
    assert timezone_local(same_day.due_at) == "2027-04-19 08:00"
    messages_send_due()
    twilio.sent.clear()
    reminders_send_due(now=same_day.due_at)
    assert [b for b in twilio.bodies_to(MOBILE) if "reminder of your" in b]
    other = Reminder.objects.get(booking=emailed, kind="same_day")
    reminders_send_due(now=other.due_at)
    other.refresh_from_db()
    assert (other.status, other.last_error) == ("skipped", "The patient gets no texts")


def timezone_local(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")

"""A patient on a phone who ticks nothing and chooses texts: the confirmation and the
appointment reminder reach the SMS provider's API (its local stand-in) through the same
outbox sweep as email; a STOP reply stops texts, and the next message comes by email."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from aftercare.models import Reminder
from aftercare.sending import reminders_send_due
from bookings import services
from bookings.models import Booking
from outbox.sending import messages_send_due
from tests.browser.pages import axe_violations
from tests.sms_fake import FakeTwilio, twilio_settings, webhook_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "+13125550111"


@pytest.fixture
def twilio(settings):
    with FakeTwilio() as fake:
        twilio_settings(settings, fake)
        yield fake


def test_a_patient_who_ticks_nothing_gets_texts_and_a_stop_reply_ends_them(
    live_server, phone_page, demo_clinic, twilio, settings, client
):
    settings.SITE_URL = live_server.url
    page = phone_page
    with time_machine.travel(datetime(2027, 4, 12, 23, 0, tzinfo=UTC), tick=True):
        page.goto(live_server.url + "/book/halo/")
        page.locator(".day-list a").nth(5).click()  # far enough ahead for its reminder
        page.wait_for_url(re.compile(r".*date=\d{4}-\d{2}-\d{2}.*"))
        page.locator(".slot-list a").first.click()
        page.wait_for_url("**/book/halo/details/**")
        page.get_by_label("First name").fill("Ana")
        page.get_by_label("Last name").fill("Texter")
        page.get_by_role("textbox", name="Email").fill("ana.texter@example.com")
        page.get_by_label("Mobile phone").fill("(312) 555-0111")
        page.get_by_label("Text message", exact=True).check()
        for question, answer in [
            ("retinoids", "No"),
            ("cold sores", "No"),
            ("active acne", "No"),
            ("pregnant", "No"),
            ("a lot of sun", "No"),
        ]:
            page.get_by_role("group", name=re.compile(question)).get_by_label(
                answer, exact=True
            ).check()
        page.get_by_label("How does your skin react to the sun?").select_option("sometimes_burns")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Book my free consultation").click()
        page.wait_for_url("**/manage/**")
        expect(page.get_by_text("We've texted a confirmation")).to_be_visible()

    booking = Booking.objects.get()
    messages_send_due()  # (the commit's own wake-up may already have sent it)
    (confirmation,) = twilio.bodies_to(MOBILE)
    assert "is booked for" in confirmation and len(confirmation) <= 160
    assert mail.outbox == []

    reminder = Reminder.objects.get(booking=booking, kind="appointment")
    reminders_send_due(now=reminder.due_at)
    assert len(twilio.bodies_to(MOBILE)) == 2
    assert "Move or cancel:" in twilio.bodies_to(MOBILE)[1]

    # The patient replies STOP; Twilio calls the signed webhook.
    params = {"MessageSid": "SMstop1", "From": MOBILE, "Body": "STOP"}
    url = live_server.url + reverse("outbox:sms_inbound")
    response = client.post(
        reverse("outbox:sms_inbound"),
        params,
        HTTP_X_TWILIO_SIGNATURE=webhook_signature(url, params),
    )
    assert response.status_code == 200
    with time_machine.travel(reminder.due_at, tick=False):
        services.booking_reschedule(
            booking=booking, start=booking.start.replace(hour=booking.start.hour + 1)
        )
    messages_send_due(now=reminder.due_at)
    assert len(twilio.bodies_to(MOBILE)) == 2  # no text after STOP
    assert [m.to for m in mail.outbox] == [["ana.texter@example.com"]]  # the move, by email

"""The patient's whole path on a phone: choose, pick, fill, confirm, open the manage link from
the email, move the booking, cancel it."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from bookings.models import Booking
from tests.browser.pages import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def monday_evening():
    # Tuesday's times are then all past the two-hour notice.
    with time_machine.travel(datetime(2027, 4, 12, 23, 0, tzinfo=UTC), tick=True):
        yield


def test_a_patient_books_moves_and_cancels_a_consultation_on_a_phone(
    live_server, phone_page, demo_clinic, monday_evening, settings
):
    settings.SITE_URL = live_server.url
    page = phone_page

    # 1. From the home page's call to action, choose what it is about.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Book a free consultation").first.click()
    page.wait_for_url("**/book/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("HALO hybrid fractional laser")).click()

    # 2. Pick a day (loaded by htmx) and a time.
    page.wait_for_url("**/book/halo/")
    assert axe_violations(page) == []
    page.locator(".day-list a").nth(1).click()
    page.wait_for_function("document.querySelector('.day-list a.active') !== null")
    page.wait_for_url(re.compile(r".*date=\d{4}-\d{2}-\d{2}.*"))
    page.locator(".slot-list a").first.click()

    # 3. Details and screening.
    page.wait_for_url("**/book/halo/details/**")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Tester")
    page.get_by_role("textbox", name="Email").fill("ana@example.com")
    page.get_by_label("Mobile phone").fill("(312) 555-0111")
    # No box to tick for reminders: care messages come unless the patient stops them.
    expect(page.get_by_role("checkbox")).to_have_count(0)
    for question, answer in [
        ("retinoids", "No"),
        ("cold sores", "Yes"),
        ("active acne", "No"),
        ("pregnant", "No"),
        ("a lot of sun", "No"),
    ]:
        group = page.get_by_role("group", name=re.compile(question))
        group.get_by_label(answer, exact=True).check()
    page.get_by_label("How does your skin react to the sun?").select_option("sometimes_burns")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Book my free consultation").click()

    # 4. Confirmation, and the email with its calendar file and link.
    page.wait_for_url("**/manage/**")
    expect(page.get_by_text("You're booked")).to_be_visible()
    assert axe_violations(page) == []
    booking = Booking.objects.get()
    assert booking.intake_answers["cold_sores"] == "yes"
    message = mail.outbox[-1]
    assert message.attachments[0].get_filename() == "appointment.ics"
    link = re.search(r"(http://\S+/manage/\S+/)", message.body).group(1)

    # 5. Open the link from the email and move the booking.
    page.goto(link)
    page.get_by_role("link", name="Move to another time").click()
    page.wait_for_url("**/move/")
    old_start = booking.start
    # A later day, so the moved booking is still outside the 24-hour window for changes.
    page.locator(".day-list a").nth(3).click()
    page.wait_for_url(re.compile(r".*date=\d{4}-\d{2}-\d{2}.*"))
    page.locator(".slot-list a").nth(3).click()
    page.get_by_role("button", name="Move my appointment").click()
    page.wait_for_url(link)
    expect(page.get_by_text("your appointment has moved")).to_be_visible()
    booking.refresh_from_db()
    assert booking.start != old_start
    assert "moved" in mail.outbox[-1].subject

    # 6. Cancel it; the link dies.
    page.get_by_text("Cancel this appointment").click()
    page.get_by_label("Reason (optional)").fill("Plans changed")
    page.get_by_role("button", name="Yes, cancel my appointment").click()
    page.get_by_role("heading", name="Your appointment is cancelled").wait_for()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    page.goto(link)
    expect(page.get_by_role("heading", name="This appointment was cancelled")).to_be_visible()

"""A patient who typed her email wrong corrects it from her manage link on a phone: the link on
the manage page, the new email, the code from the message it sent (read from the outbox row,
as she reads it in her inbox), and back to her appointment showing the new email. The same
without JavaScript, as the pages are plain forms."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.links import booking_manage_path
from bookings.models import Patient
from outbox.models import Message
from tests.browser.pages import PHONE, axe_violations
from tests.factories import BookingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booking(clinic):
    return BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=timezone.now() + timedelta(days=7),
        email="ana@gmial.com",
    )


def _correct_the_email(page, live_server, booking, *, check_a11y: bool) -> None:
    manage = live_server.url + booking_manage_path(booking)
    page.goto(manage)
    page.get_by_role("link", name="Wrong email or phone? Change it").click()
    page.wait_for_url("**/contact/")
    expect(page.locator("#change-email")).to_contain_text("We have ana@gmial.com.")
    if check_a11y:
        assert axe_violations(page) == []
    page.get_by_label("New email").fill("ana@gmail.com")
    page.get_by_role("button", name="Email me a code").click()

    page.wait_for_url(re.compile(r".*/contact/[0-9a-f-]{36}/$"))
    expect(page.locator("#code-sent-to")).to_contain_text(
        "We emailed a 6-digit code to ana@gmail.com"
    )
    sent = Message.objects.get(kind=Message.Kind.CONTACT_CODE)
    assert sent.to == "ana@gmail.com"
    field = page.get_by_label("The 6-digit code")
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    expect(field).to_have_attribute("inputmode", "numeric")
    if check_a11y:
        assert axe_violations(page) == []
    field.fill(re.search(r"\b(\d{6})\b", sent.text).group(1))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url(manage)
    expect(page.locator(".alert-success")).to_have_text("Your email is now ana@gmail.com.")
    if check_a11y:
        assert axe_violations(page) == []
    assert Patient.objects.get(pk=booking.patient_id).email == "ana@gmail.com"


def test_a_patient_corrects_her_email_from_the_manage_link_on_a_phone(
    live_server, phone_page, booking
):
    _correct_the_email(phone_page, live_server, booking, check_a11y=True)


def test_the_change_works_without_javascript(live_server, page_sized, booking):
    page = page_sized(PHONE, java_script_enabled=False, is_mobile=True)
    _correct_the_email(page, live_server, booking, check_a11y=False)

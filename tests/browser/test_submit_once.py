"""A double tap sends a form once: the patient's second tap on "Yes, cancel my appointment"
while the first is on its way sends nothing more (static/js/submit-once.js)."""

import time
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from bookings import services
from bookings.links import booking_manage_path
from bookings.models import AppointmentType, Booking, Provider
from tests.factories import TUESDAY_10AM, patient_details
from treatments.models import Treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_double_tap_on_cancel_sends_the_form_once(
    live_server, phone_page, demo_clinic, monkeypatch
):
    with time_machine.travel(TUESDAY_10AM - timedelta(days=3), tick=True):
        booking = services.booking_create(
            appointment_type=AppointmentType.objects.get(name="Free consultation"),
            treatment=Treatment.objects.get(slug="halo"),
            start=TUESDAY_10AM,
            provider=Provider.objects.get(display_name="Dana Whitfield"),
            patient_details=patient_details(),
            source="online",
        )
        # A slow answer, as on a weak signal: the second tap lands while the first is on its way.
        cancel = services.booking_cancel

        def slow_cancel(**kwargs):
            time.sleep(1)
            return cancel(**kwargs)

        monkeypatch.setattr(services, "booking_cancel", slow_cancel)
        page = phone_page
        sent = []
        page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
        page.goto(live_server.url + booking_manage_path(booking))
        page.get_by_text("Cancel this appointment").click()
        button = page.get_by_role("button", name="Yes, cancel my appointment")
        # Two taps 200 ms apart, the second while the first is on its way (Playwright's own
        # clicks would wait for the page to load between them).
        button.evaluate("b => { b.click(); setTimeout(() => b.click(), 200); }")

        expect(page.get_by_role("heading", name="Your appointment is cancelled")).to_be_visible()
    assert len(sent) == 1, sent
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED

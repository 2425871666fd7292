"""A front-desk day in Chromium on a tablet: log in, open today, book a caller by phone from
an empty cell, check them in, complete the visit."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from bookings.models import Booking
from tests.browser.conftest import axe_violations
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def tuesday_8am():
    # 8:00 in Chicago on a Tuesday; the demo providers start at 9:00.
    with time_machine.travel(datetime(2027, 4, 13, 13, 0, tzinfo=UTC), tick=True):
        yield


def test_the_front_desk_books_a_caller_checks_them_in_and_completes_the_visit(
    live_server, browser, demo_clinic, tuesday_8am
):
    user = StaffUserFactory(username="desk", is_staff=False, password="a-long-desk-password")
    user.groups.add(Group.objects.get(name="Front desk"))
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(live_server.url + "/staff/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill("a-long-desk-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/staff/schedule/")
    assert page.get_by_role("heading", name=re.compile("Tuesday 13 April 2027")).is_visible()
    assert page.get_by_role("link", name="Dana Whitfield", exact=True).is_visible()
    assert axe_violations(page) == []

    # An empty cell: Dana at 10:00.
    page.get_by_role("link", name="Book Dana Whitfield at 10:00 AM").click()
    page.wait_for_url("**/staff/bookings/new/**")
    page.get_by_role("combobox", name="Appointment").select_option(label="Free consultation")
    page.get_by_role("combobox", name="About (consultations)").select_option(
        label="HALO hybrid fractional laser"
    )
    page.get_by_role("button", name="Show free times").click()
    page.get_by_text("10:00 AM", exact=True).click()
    page.get_by_label("First name").fill("Cara")
    page.get_by_label("Last name").fill("Caller")
    page.get_by_role("textbox", name="Email").fill("cara@example.com")
    page.get_by_role("textbox", name="Phone").fill("(312) 555-0177")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Book", exact=True).click()

    page.wait_for_url(re.compile(r".*/staff/bookings/[0-9a-f-]{36}/$"))
    assert page.get_by_text("Booked Cara Caller").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Check in").click()
    page.get_by_text("Marked checked in").wait_for()
    page.get_by_role("button", name="Complete", exact=True).click()
    page.get_by_text("Marked completed").wait_for()

    booking = Booking.objects.get(patient__email="cara@example.com")
    assert booking.status == Booking.Status.COMPLETED
    assert booking.source == "phone"
    assert booking.start == datetime(2027, 4, 13, 15, 0, tzinfo=UTC)  # 10:00 in Chicago
    assert booking.provider.display_name == "Dana Whitfield"

    # Back on the schedule, the visit shows as completed.
    page.goto(live_server.url + "/staff/schedule/")
    block = page.locator(".sched-booking", has_text="Cara Caller")
    assert "Completed" in block.inner_text()
    context.close()

"""The staff pages a manager opens in a day, at a phone's, a tablet's and a desktop's width:
none scrolls sideways (the grid scrolls inside its own frame on a phone), and none has a
serious accessibility violation."""

import json

import pytest

from bookings.models import Booking
from tests.browser.pages import DESKTOP, PHONE, TABLET, axe_violations, staff_log_in
from tests.factories import TUESDAY, booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff_paths(demo_clinic, tuesday_morning):
    staff_user("boss", "Manager")
    ana = patient_make("Ana", "Tester")
    booking_lay(patient=ana, provider="Dana Whitfield", at="11:00")
    booking_lay(patient=patient_make("Ben", "Tester"), provider="Priya Raman", at="09:30")
    booking = Booking.objects.get(patient=ana)
    day = TUESDAY.isoformat()
    return [
        f"/staff/schedule/?date={day}",
        f"/staff/schedule/provider/{booking.provider.public_id}/?week={day}",
        f"/staff/schedule/provider/{booking.provider.public_id}/sheet/?date={day}",
        f"/staff/schedule/month/?month={day[:7]}",
        f"/staff/bookings/{booking.public_id}/",
        f"/staff/bookings/{booking.public_id}/move/",
        f"/staff/patients/{ana.public_id}/",
        "/staff/patients/?q=Tester",
        "/staff/bookings/new/",
        "/staff/schedule/time-off/new/",
        "/staff/dashboard/",
        "/staff/messages/",
        "/staff/audit/",
        "/staff/style/",
    ]


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])
def test_no_staff_page_scrolls_sideways(live_server, page_sized, staff_paths, viewport):
    page = page_sized(viewport)
    staff_log_in(page, live_server, "boss")
    problems = {}
    for path in staff_paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        found = {}
        if overflow > 0:
            found["sideways scroll (px)"] = overflow
        # At the phone's width too: a table that scrolls there must be reachable by keyboard.
        if viewport is not DESKTOP and (violations := axe_violations(page)):
            found["axe"] = violations
        if found:
            problems[path] = found
    assert problems == {}, json.dumps(problems, indent=1)

"""The desk books a caller from one screen, starting from an empty cell of the day grid: a new
caller on the tablet, a patient already on file on the desktop. Every click, keystroke into a
field and choice in a list counts as one action; each path takes at most eight."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from bookings.models import AppointmentType, Booking, Patient
from tests.browser.pages import DESKTOP, TABLET, axe_violations, staff_log_in
from tests.factories import patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWO_PM = datetime(2027, 4, 13, 19, 0, tzinfo=UTC)  # Tuesday 13 April, 2 PM in Chicago


class Actions:
    """A person's actions on the page, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, text: str):
        self.count += 1
        locator.fill(text)

    def choose(self, locator, label: str):
        self.count += 1
        locator.select_option(label=label)

    def press(self, locator, key: str):
        self.count += 1
        locator.press(key)


@pytest.fixture
def desk(demo_clinic, tuesday_morning):
    staff_user("desk", "Front desk")
    return patient_make("Dev", "Malhotra")


def _consultation_about_halo(act, page):
    # The page's script must be running before a choice is made, or the change redraws
    # nothing (on a busy machine the test's hand is faster than the page).
    page.wait_for_url("**/staff/bookings/new/**")
    page.wait_for_load_state()
    act.choose(page.get_by_role("combobox", name="Appointment"), "Free consultation")
    act.choose(
        page.get_by_role("combobox", name="About (consultations)"), "HALO hybrid fractional laser"
    )
    # The clicked cell's time is chosen among the free times as soon as they show.
    expect(page.get_by_role("radio", name="2:00 PM", exact=True)).to_be_checked()


def test_a_new_caller_is_booked_from_a_grid_cell_in_eight_actions_on_the_tablet(
    live_server, page_sized, desk
):
    page = page_sized(TABLET)
    staff_log_in(page, live_server, "desk")
    act = Actions(page)
    act.click(page.get_by_role("link", name="Book Dana Whitfield at 2:00 PM"))
    _consultation_about_halo(act, page)
    act.fill(page.get_by_label("First name"), "Bea")
    act.fill(page.get_by_label("Last name"), "Caller")
    act.fill(page.get_by_label("Email"), "bea.caller@example.com")
    act.fill(page.get_by_label("Phone"), "312 555 0199")
    assert axe_violations(page) == []
    act.click(page.get_by_role("button", name="Book", exact=True))

    expect(page.get_by_text("Booked Bea Caller.")).to_be_visible()
    assert act.count <= 8
    booking = Booking.objects.get(patient__email="bea.caller@example.com")
    assert (booking.start, booking.provider.display_name, booking.source) == (
        TWO_PM,
        "Dana Whitfield",
        "phone",
    )
    assert Patient.objects.get(email="bea.caller@example.com").phone == "+13125550199"


def test_a_patient_on_file_is_found_and_booked_from_a_grid_cell_on_the_desktop(
    live_server, page_sized, desk
):
    page = page_sized(DESKTOP)
    staff_log_in(page, live_server, "desk")
    act = Actions(page)
    act.click(page.get_by_role("link", name="Book Dana Whitfield at 2:00 PM"))
    # The appointment first, then the patient: the search keeps what was chosen.
    _consultation_about_halo(act, page)
    act.fill(page.get_by_label("Find a patient"), "malh")
    act.press(page.get_by_label("Find a patient"), "Enter")  # Enter searches, never books
    act.click(page.get_by_role("button", name="Dev Malhotra"))
    expect(page.get_by_role("radio", name="2:00 PM", exact=True)).to_be_checked()
    expect(page.get_by_role("combobox", name="Appointment")).to_have_value(
        str(AppointmentType.objects.get(name="Free consultation").pk)
    )
    assert Booking.objects.filter(patient=desk).count() == 0
    act.click(page.get_by_role("button", name="Book", exact=True))

    expect(page.get_by_text("Booked Dev Malhotra.")).to_be_visible()
    assert act.count <= 8
    booking = Booking.objects.get(patient=desk)
    assert (booking.start, booking.provider.display_name) == (TWO_PM, "Dana Whitfield")

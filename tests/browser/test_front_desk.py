"""The front desk's Tuesday morning on a tablet, clicking as a person does: open a booking
from the grid and move it keeping its provider, check a patient in, mark a missed appointment
a no-show (ticking that they did not come), cancel a booking with a reason, add time off and
change it from its block on the grid, and book a caller found by search from a clicked empty
cell. The desk never sees "Complete": that is clinical."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from bookings.models import Booking, TimeOff
from tests.browser.pages import TABLET, axe_violations, staff_log_in, staff_log_in_by_form
from tests.factories import booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_day(demo_clinic, tuesday_morning):
    staff_user("desk", "Front desk")
    patient_make("Dev", "Malhotra")  # the caller: a patient already, nothing booked
    return {
        "to_move": booking_lay(
            patient=patient_make("Avery", "Lindqvist"), provider="Priya Raman", at="11:00"
        ),
        "arriving": booking_lay(
            patient=patient_make("Bea", "Okonkwo"), provider="Dana Whitfield", at="10:30"
        ),
        "missed": booking_lay(
            patient=patient_make("Imogen", "Castellano"), provider="Priya Raman", at="09:15"
        ),
        "to_cancel": booking_lay(
            patient=patient_make("Camille", "Ferreira"), provider="Dana Whitfield", at="16:00"
        ),
    }


def back_to_the_schedule(page):
    page.get_by_role("link", name=re.compile("Schedule for Tuesday 13 April")).click()
    expect(page.get_by_role("heading", name="Tuesday 13 April 2027")).to_be_visible()


def test_the_front_desk_runs_a_tuesday_morning_from_the_day_grid(live_server, page_sized, desk_day):
    page = page_sized(TABLET)
    staff_log_in_by_form(page, live_server, "desk")
    expect(page.get_by_role("heading", name="Tuesday 13 April 2027")).to_be_visible()
    assert axe_violations(page) == []

    # Open Avery's booking from its block on the grid and move it to 3 PM, still with Priya.
    page.locator("a.sched-booking", has_text="Avery Lindqvist").click()
    expect(page.get_by_role("heading", name="Free consultation: Avery Lindqvist")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Complete"))).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Reschedule").click()
    expect(page.get_by_label("Provider")).to_have_value(str(desk_day["to_move"].provider.public_id))
    page.get_by_text("3:00 PM", exact=True).click()
    expect(page.get_by_text("Stays with Priya Raman.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Move the booking").click()
    expect(page.get_by_text("Moved. The patient has been emailed the new time.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"3:00 PM to 3:30 PM with Priya Raman"))).to_be_visible()
    moved = Booking.objects.get(pk=desk_day["to_move"].pk)
    assert (moved.provider.display_name, moved.start) == (
        "Priya Raman",
        datetime(2027, 4, 13, 20, 0, tzinfo=UTC),
    )

    # Bea arrives for her 10:30: check her in on the day.
    back_to_the_schedule(page)
    page.locator("a.sched-booking", has_text="Bea Okonkwo").click()
    expect(page.get_by_role("button", name="Mark no-show")).to_have_count(0)  # not started yet
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Marked checked in.")).to_be_visible()
    expect(page.locator(".badge", has_text="Checked in")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Complete"))).to_have_count(0)
    assert Booking.objects.get(pk=desk_day["arriving"].pk).status == "checked_in"

    # Imogen's 9:15 has come and gone: a no-show, once the desk confirms she did not come.
    back_to_the_schedule(page)
    page.locator("a.sched-booking", has_text="Imogen Castellano").click()
    page.get_by_label("Imogen Castellano did not come to the 9:15 AM appointment").check()
    page.get_by_role("button", name="Mark no-show").click()
    expect(page.get_by_text("Marked no-show.")).to_be_visible()
    assert Booking.objects.get(pk=desk_day["missed"].pk).status == "no_show"

    # Camille calls to cancel her 4 PM.
    back_to_the_schedule(page)
    page.locator("a.sched-booking", has_text="Camille Ferreira").click()
    page.get_by_label("Cancellation reason").fill("Her flight moved; she will call back.")
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.get_by_text("Marked cancelled.")).to_be_visible()
    cancelled = Booking.objects.get(pk=desk_day["to_cancel"].pk)
    assert (cancelled.status, cancelled.cancellation_reason) == (
        "cancelled",
        "Her flight moved; she will call back.",
    )

    # Priya has a meeting at 4:30; then it runs on to 6, changed from its block on the grid.
    back_to_the_schedule(page)
    expect(page.locator("a.sched-released", has_text="Camille Ferreira")).to_be_visible()
    page.get_by_role("link", name="Add time off").click()
    expect(page.get_by_role("heading", name="Add time off or a block")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Provider").select_option(label="Priya Raman")
    page.get_by_label("Start time").fill("16:30")
    page.get_by_label("End time").fill("17:30")
    page.get_by_label("Reason").fill("Team meeting")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Time off added for Priya Raman.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Time off: Team meeting")).click()
    expect(page.get_by_role("heading", name="Time off: Priya Raman")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("End time").fill("18:00")
    page.get_by_label("Reason").fill("Team meeting, then training")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Time off changed for Priya Raman.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Team meeting, then training"))).to_be_visible()
    time_off = TimeOff.objects.get()
    assert (time_off.provider.display_name, time_off.start, time_off.end) == (
        "Priya Raman",
        datetime(2027, 4, 13, 21, 30, tzinfo=UTC),
        datetime(2027, 4, 13, 23, 0, tzinfo=UTC),
    )

    # Dev Malhotra rings for 2 PM with Dana: the desk clicks the empty cell, then finds him.
    page.get_by_role("link", name="Book Dana Whitfield at 2:00 PM").click()
    page.get_by_label("Find a patient").fill("malh")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Dev Malhotra").click()
    expect(page.get_by_text("Dev Malhotra", exact=True)).to_be_visible()
    expect(page.get_by_label("Provider")).to_have_value(
        str(desk_day["arriving"].provider.public_id)
    )
    expect(page.get_by_label("Date")).to_have_value("2027-04-13")
    page.get_by_role("combobox", name="Appointment").select_option(label="Free consultation")
    page.get_by_role("combobox", name="About (consultations)").select_option(
        label="HALO hybrid fractional laser"
    )
    page.get_by_role("button", name="Show free times").click()
    page.get_by_text("2:00 PM", exact=True).click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Booked Dev Malhotra.")).to_be_visible()
    booked = Booking.objects.get(patient__last_name="Malhotra")
    assert (booked.provider.display_name, booked.start, booked.source) == (
        "Dana Whitfield",
        datetime(2027, 4, 13, 19, 0, tzinfo=UTC),
        "phone",
    )


def test_the_time_of_a_clicked_cell_is_still_chosen_when_the_free_times_show(
    live_server, page_sized, desk_day
):
    page = page_sized(TABLET)
    staff_log_in(page, live_server, "desk")
    page.get_by_role("link", name="Book Dana Whitfield at 2:00 PM").click()
    page.get_by_label("Find a patient").fill("malh")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Dev Malhotra").click()
    page.get_by_role("combobox", name="Appointment").select_option(label="Free consultation")
    page.get_by_role("combobox", name="About (consultations)").select_option(
        label="HALO hybrid fractional laser"
    )
    page.get_by_role("button", name="Show free times").click()
    expect(page.get_by_role("radio", name="2:00 PM", exact=True)).to_be_checked()

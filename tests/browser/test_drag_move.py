"""The front desk drags a booking on the day grid with the mouse, at desktop width: to another
time in another provider's column (moved, and the grid redrawn), then onto a slot already
taken (refused in the service's words, and the block stays where it was)."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from bookings.models import Booking
from tests.browser.pages import DESKTOP, staff_log_in
from tests.factories import booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _column(page, provider: str):
    return page.locator(f'.sched-body[data-provider-name="{provider}"]')


def _block(page, provider: str, patient: str):
    return _column(page, provider).locator(".sched-booking", has_text=patient)


def mouse_drag(page, block, *, to_provider: str, at: str) -> None:
    """Press on the block, move it onto `to_provider`'s column at the local time `at` and let
    go, as a person does: the block's top goes where the time's row is."""
    column = _column(page, to_provider)
    grid = page.locator(".sched")
    rows = int(grid.get_attribute("data-rows"))
    first = datetime.strptime(grid.get_attribute("data-first-row"), "%H:%M")
    minutes = (datetime.strptime(at, "%H:%M") - first).seconds // 60
    row_minutes = 60 // int(grid.get_attribute("data-rows-per-hour"))

    def target_y() -> float:
        box = column.bounding_box()
        return box["y"] + minutes / row_minutes * box["height"] / rows

    # Both ends in sight and clear of the window's edges (where the grid scrolls itself).
    page.mouse.wheel(0, (block.bounding_box()["y"] + target_y()) / 2 - 400)
    expect(block).to_be_in_viewport()
    start = block.bounding_box()
    x, y = start["x"] + 20, start["y"] + 4
    page.mouse.move(x, y)
    page.mouse.down()
    box = column.bounding_box()
    page.mouse.move(box["x"] + 20, target_y() + 4, steps=10)
    page.mouse.up()


def test_the_desk_drags_a_booking_to_another_time_and_provider(
    live_server, page_sized, demo_clinic, tuesday_morning
):
    staff_user("desk", "Front desk")
    avery = booking_lay(
        patient=patient_make("Avery", "Lindqvist"), provider="Dana Whitfield", at="11:00"
    )
    booking_lay(patient=patient_make("Bea", "Okonkwo"), provider="Priya Raman", at="13:00")
    page = page_sized(DESKTOP)
    staff_log_in(page, live_server, "desk")
    status = page.get_by_role("status")

    mouse_drag(
        page,
        _block(page, "Dana Whitfield", "Avery Lindqvist"),
        to_provider="Priya Raman",
        at="14:30",
    )

    expect(status).to_have_text(re.compile(r"^Moved Avery Lindqvist to 2:30 PM with Priya Raman\."))
    moved = _block(page, "Priya Raman", "Avery Lindqvist")
    expect(moved).to_have_attribute("data-start", "2027-04-13T14:30:00-05:00")
    expect(_block(page, "Dana Whitfield", "Avery Lindqvist")).to_have_count(0)
    avery.refresh_from_db()
    assert (avery.provider.display_name, avery.start) == (
        "Priya Raman",
        datetime(2027, 4, 13, 19, 30, tzinfo=UTC),
    )

    # Bea holds 1:00 with Priya: the drop is refused and Avery stays at 2:30.
    mouse_drag(page, moved, to_provider="Priya Raman", at="13:00")

    expect(status).to_have_text(re.compile(r"^Not moved\. Sorry, that time was just taken\."))
    expect(page.locator(".sched-drag-ghost")).to_have_count(0)
    expect(moved).to_have_attribute("data-start", "2027-04-13T14:30:00-05:00")
    expect(moved).not_to_have_class(re.compile("sched-drag-source"))
    assert Booking.objects.get(pk=avery.pk).start == datetime(2027, 4, 13, 19, 30, tzinfo=UTC)

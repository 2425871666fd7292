"""The front desk drags a booking on the day grid with the mouse. Nothing moves on the drop: a
question says what would happen, in the clinic's words, and only "Move" moves the booking and
messages the patient; "Keep where it was", Escape and a click beside the question put it back
and send nothing (issue 20). A drop onto a slot already taken is refused by the service, in its
words, and the block stays where it was."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from bookings.models import Booking
from outbox.models import Message
from tests.browser.pages import DESKTOP, TABLET, axe_violations, staff_log_in
from tests.factories import booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AT_11 = datetime(2027, 4, 13, 16, 0, tzinfo=UTC)  # 11:00 AM in Chicago, Tuesday 13 April
AT_2_30 = datetime(2027, 4, 13, 19, 30, tzinfo=UTC)


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


def _asked(page, question: str):
    """The question the drop put, open, with "Keep where it was" focused: the safe answer is
    the one Enter gives."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text(question)
    expect(dialog.get_by_role("button", name="Keep where it was")).to_be_focused()
    return dialog


def _redrawn(page) -> None:
    """The grid drawn again from the server after a move: the copy that followed the mouse is
    gone with the old grid. The page's own 10 s, not expect's 5: the page is a full day's
    render, slower on a loaded machine."""
    expect(page.locator(".sched-drag-ghost")).to_have_count(0, timeout=10_000)


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
    dialog = _asked(
        page, "Move Avery Lindqvist from 11:00 AM with Dana Whitfield to 2:30 PM with Priya Raman?"
    )
    dialog.get_by_role("button", name="Move", exact=True).click()

    expect(status).to_have_text(re.compile(r"^Moved Avery Lindqvist to 2:30 PM with Priya Raman\."))
    expect(dialog).to_be_hidden()
    _redrawn(page)
    moved = _block(page, "Priya Raman", "Avery Lindqvist")
    expect(moved).to_have_attribute("data-start", "2027-04-13T14:30:00-05:00")
    expect(_block(page, "Dana Whitfield", "Avery Lindqvist")).to_have_count(0)
    avery.refresh_from_db()
    assert (avery.provider.display_name, avery.start) == ("Priya Raman", AT_2_30)

    # Bea holds 1:00 with Priya: refused at the drop, with no question, and Avery stays at 2:30.
    mouse_drag(page, moved, to_provider="Priya Raman", at="13:00")

    expect(status).to_have_text(re.compile(r"^Not moved\. That time is not free \("))
    expect(page.locator(".sched-drag-ghost")).to_have_count(0)
    expect(moved).to_have_attribute("data-start", "2027-04-13T14:30:00-05:00")
    expect(moved).not_to_have_class(re.compile("sched-drag-source"))
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert Booking.objects.get(pk=avery.pk).start == AT_2_30
    assert Message.objects.filter(booking=avery).count() == 1


@pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
def test_a_drop_moves_nothing_until_the_desk_says_move(
    live_server, page_sized, demo_clinic, tuesday_morning, viewport
):
    staff_user("desk", "Front desk")
    avery = booking_lay(
        patient=patient_make("Avery", "Lindqvist"), provider="Dana Whitfield", at="11:00"
    )
    page = page_sized(viewport)
    staff_log_in(page, live_server, "desk")
    status = page.get_by_role("status")
    block = _block(page, "Dana Whitfield", "Avery Lindqvist")
    question = "Move Avery Lindqvist from 11:00 AM to 2:30 PM with Dana Whitfield?"
    kept = "Not moved: Avery Lindqvist stays at 11:00 AM with Dana Whitfield, and nothing was sent."

    def answered_with(answer) -> None:
        mouse_drag(page, block, to_provider="Dana Whitfield", at="14:30")
        dialog = _asked(page, question)
        expect(page.locator("#grid-move-told")).to_have_text(
            "We'll email the patient the new time."
        )
        answer(dialog)
        expect(dialog).to_be_hidden()
        expect(status).to_have_text(kept)
        expect(page.locator(".sched-drag-ghost")).to_have_count(0)
        expect(block).to_have_attribute("data-start", "2027-04-13T11:00:00-05:00")
        expect(block).not_to_have_class(re.compile("sched-drag-source"))
        assert Booking.objects.get(pk=avery.pk).start == AT_11
        assert not Message.objects.filter(booking=avery).exists()

    answered_with(lambda dialog: dialog.get_by_role("button", name="Keep where it was").click())
    answered_with(lambda dialog: page.keyboard.press("Escape"))
    # A click beside the question, on the page dimmed behind it.
    answered_with(lambda dialog: page.mouse.click(8, viewport["height"] - 8))

    mouse_drag(page, block, to_provider="Dana Whitfield", at="14:30")
    dialog = _asked(page, question)
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Move", exact=True).click()

    expect(status).to_have_text(
        "Moved Avery Lindqvist to 2:30 PM with Dana Whitfield. "
        "The patient has been sent the new time."
    )
    _redrawn(page)
    expect(_block(page, "Dana Whitfield", "Avery Lindqvist")).to_have_attribute(
        "data-start", "2027-04-13T14:30:00-05:00"
    )
    assert Booking.objects.get(pk=avery.pk).start == AT_2_30
    assert list(Message.objects.filter(booking=avery).values_list("kind", "channel")) == [
        ("booking_moved", "email")
    ]

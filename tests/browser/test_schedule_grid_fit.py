"""The schedule's blocks fit the time they stand for, at a tablet's and a desktop's width: the
time a cancelled booking freed is clicked (and reached by keyboard) through to the phone
booking form with that provider and time, while the cancelled strip still opens its booking;
and a week's 30- and 45-minute blocks show their time and patient whole, never half a line."""

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from bookings.models import Provider
from bookings.selectors import clinic_zone
from tests.browser.pages import DESKTOP, PHONE, TABLET, staff_log_in
from tests.factories import TUESDAY, booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
ELEVEN = datetime(2027, 4, 13, 11, 0, tzinfo=clinic_zone())


@pytest.fixture
def cancelled_at_eleven(demo_clinic, tuesday_morning):
    staff_user("desk", "Front desk")
    return booking_lay(
        patient=patient_make("Camille", "Ferreira"),
        provider="Dana Whitfield",
        at="11:00",
        status="cancelled",
    )


def _lands_on_the_booking_form_for_dana_at_eleven(page) -> None:
    page.wait_for_url("**/staff/bookings/new/?*")
    query = parse_qs(urlsplit(page.url).query)
    dana = Provider.objects.get(display_name="Dana Whitfield")
    assert query["provider"] == [str(dana.public_id)]
    assert datetime.fromisoformat(query["start"][0]) == ELEVEN
    expect(page.get_by_role("heading", name="New booking")).to_be_visible()
    expect(page.get_by_label("Provider")).to_have_value(str(dana.public_id))
    expect(page.locator("#chosen-time")).to_contain_text("Tuesday 13 April at 11:00 AM")


@WIDTHS
def test_the_time_under_a_cancelled_booking_is_clicked_through_to_the_booking_form(
    live_server, page_sized, cancelled_at_eleven, viewport
):
    page = page_sized(viewport)
    staff_log_in(page, live_server, "desk")
    column = page.locator('#day-grid .sched-body[data-provider-name="Dana Whitfield"]')
    strip = column.locator("a.sched-released", has_text="Camille Ferreira")
    strip.scroll_into_view_if_needed()
    lane, block = column.bounding_box(), strip.bounding_box()
    # Halfway between the lane's left edge and the strip, level with the cancelled block's
    # middle (11:15): inside the time it freed.
    x, y = (lane["x"] + block["x"]) / 2, block["y"] + block["height"] / 2
    assert block["x"] - lane["x"] >= lane["width"] / 2, "the strip leaves most of the lane free"
    under_the_pointer = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.className", [x, y]
    )
    assert under_the_pointer.startswith("sched-free"), under_the_pointer
    page.mouse.click(x, y)
    _lands_on_the_booking_form_for_dana_at_eleven(page)

    # The cancelled strip itself still opens the cancelled booking.
    page.go_back()
    strip.click()
    expect(page.get_by_role("heading", name=re.compile("Camille Ferreira"))).to_be_visible()
    assert cancelled_at_eleven.public_id.hex in page.url.replace("-", "")

    # By keyboard: the freed half hour is a link of its own.
    page.go_back()
    page.get_by_role("link", name="Book Dana Whitfield at 11:00 AM").focus()
    page.keyboard.press("Enter")
    _lands_on_the_booking_form_for_dana_at_eleven(page)


# Each block's box, and the box of each of its lines (who, marks, words, service) as drawn.
MEASURE = """(block) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width};
  };
  return {
    box: box(block),
    scrollHeight: block.scrollHeight,
    clientHeight: block.clientHeight,
    lines: [...block.children]
      .filter((line) => getComputedStyle(line).display !== "none")
      .map((line) => ({name: line.className, text: line.innerText, ...box(line)})),
    patient: box(block.querySelector(".sched-patient")),
    time: box(block.querySelector(".sched-time")),
    status: box(block.querySelector(".sched-tag[class*='status-']")),
  };
}"""


@pytest.fixture
def dana_week(demo_clinic, tuesday_morning):
    staff_user("desk", "Front desk")
    booking_lay(
        patient=patient_make("Zoë", "Ångström-Núñez"), provider="Dana Whitfield", at="09:30"
    )
    booking_lay(patient=patient_make("Avery", "Lindqvist"), provider="Dana Whitfield", at="15:30")
    booking_lay(
        patient=patient_make("Farah", "Haddad"),
        provider="Dana Whitfield",
        at="14:00",
        kind="laser-toning-session",
    )
    dana = Provider.objects.get(display_name="Dana Whitfield")
    return f"/staff/schedule/provider/{dana.public_id}/?week={TUESDAY.isoformat()}"


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
        and inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
    )


@WIDTHS
def test_a_weeks_30_and_45_minute_blocks_show_time_and_patient_whole(
    live_server, page_sized, dana_week, viewport
):
    page = page_sized(viewport)
    staff_log_in(page, live_server, "desk", then=dana_week)
    # A name that wraps to three lines leaves no room for the status; a shorter one does.
    for patient, length, status_shows in (
        ("Zoë Ångström-Núñez", 30, False),
        ("Avery Lindqvist", 30, True),
        ("Farah Haddad", 45, True),
    ):
        block = page.locator("a.sched-booking", has_text=patient)
        expect(block).to_be_visible()
        drawn = block.evaluate(MEASURE)
        where = f"{patient}'s {length}-minute block at {viewport['width']} px: {drawn}"
        assert drawn["scrollHeight"] <= drawn["clientHeight"], where
        assert _inside(drawn["time"], drawn["box"]) and drawn["time"]["width"] > 1, where
        assert _inside(drawn["patient"], drawn["box"]) and drawn["patient"]["width"] > 1, where
        if status_shows:
            assert _inside(drawn["status"], drawn["box"]), f"no status: {where}"
        # Every line is in the block whole, or out of sight beside it: never cut in half.
        for line in drawn["lines"]:
            beside = line["left"] >= drawn["box"]["right"] - 0.5
            assert _inside(line, drawn["box"]) or beside, f"{line['name']} cut: {where}"
        # Whatever does not show is still the link's to say, and its title's on hover.
        expect(block).to_have_accessible_name(re.compile(rf"{patient}.*Confirmed"))
        expect(block).to_have_attribute("title", re.compile(rf"{patient} · .* · Confirmed"))


def test_a_short_block_reached_by_keyboard_shows_all_its_words(live_server, page_sized, dana_week):
    page = page_sized(TABLET)
    staff_log_in(page, live_server, "desk", then=dana_week)
    block = page.locator("a.sched-booking", has_text="Avery Lindqvist")
    status = block.locator(".sched-tag.status-confirmed")
    block.focus()
    assert block.evaluate("(block) => block.matches(':focus-visible')")
    expect(status).to_have_text("Confirmed")
    expect(block.locator(".sched-type")).to_be_in_viewport()
    drawn = block.evaluate(MEASURE)
    for line in drawn["lines"]:
        assert _inside(line, drawn["box"]), f"{line['name']} hidden on focus: {drawn}"
    assert status.evaluate("(chip) => chip.querySelector('.sched-word').offsetWidth") > 1


def test_on_a_phone_the_week_lists_each_booking_with_its_time_and_patient(
    live_server, page_sized, dana_week
):
    page = page_sized(PHONE)
    staff_log_in(page, live_server, "desk", then=dana_week)
    expect(page.locator(".sched")).to_be_hidden()
    for words in ("9:30 AM Zoë Ångström-Núñez", "2:00 PM Farah Haddad", "3:30 PM Avery Lindqvist"):
        expect(page.get_by_role("link", name=words, exact=True)).to_be_visible()

"""The staff calendar in Chromium: on a tablet the front desk sees every provider's column
and the menu without a hamburger, prints a provider's day sheet, and finds big, separated
buttons on a booking's page; at a desktop a provider's week fits without scrolling sideways
and the month is one click away; on a phone the month is a list. Every link on the new pages
answers, for the front desk and for a manager."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, PHONE, TABLET, axe_violations, staff_log_in
from tests.factories import booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calendar_day(demo_clinic, tuesday_morning):
    staff_user("desk", "Front desk")
    staff_user("boss", "Manager")
    later = booking_lay(
        patient=patient_make("Ruth", "Okafor"), provider="Dana Whitfield", at="15:00"
    )
    later.intake_flags = [
        "Uses retinoids or medicated skin products: these are stopped before laser treatment.",
        "History of cold sores near the area: antiviral medication may be needed beforehand.",
    ]
    later.save(update_fields=["intake_flags"])
    return {
        "late": booking_lay(
            patient=patient_make("Imogen", "Castellano"), provider="Priya Raman", at="09:15"
        ),
        "halo": booking_lay(
            patient=patient_make("Noor", "Haddad"),
            provider="Dana Whitfield",
            at="11:00",
            kind="halo-session",
        ),
        "later": later,
    }


def no_sideways_scroll(page) -> bool:
    # Against the layout viewport: a phone's browser may zoom out to fit a page too wide.
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_on_a_tablet_the_desk_sees_every_column_and_the_menu_and_prints_a_day_sheet(
    live_server, page_sized, calendar_day
):
    page = page_sized(TABLET)
    staff_log_in(page, live_server, "desk")
    expect(page.get_by_role("heading", name="Tuesday 13 April 2027")).to_be_visible()
    # The menu is open at 820px: its entries show, the hamburger does not.
    expect(page.locator(".staff-nav .navbar-toggler")).to_be_hidden()
    expect(page.get_by_role("link", name="Patients", exact=True)).to_be_visible()
    # Every provider's column and the laser's lane fit the screen, side by side.
    columns = page.locator("section.sched-col")
    expect(columns).to_have_count(4)  # Dana, Priya, Marcus, the HALO laser
    width = page.evaluate("window.innerWidth")
    for box in (columns.nth(i).bounding_box() for i in range(4)):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert no_sideways_scroll(page)
    # The HALO session is coloured by its service and the laser lane shows it in use.
    halo = page.locator("a.sched-booking", has_text="Noor Haddad")
    expect(halo).to_contain_text("HALO session")
    expect(halo).to_contain_text("Confirmed")
    expect(page.locator("div.sched-device-use")).to_contain_text("Dana Whitfield")
    expect(page.locator(".sched-services")).to_contain_text("HALO session")
    assert axe_violations(page) == []
    # Printing the grid leaves the menu and the toolbar off the paper.
    page.emulate_media(media="print")
    expect(page.locator(".staff-nav")).to_be_hidden()
    expect(page.get_by_role("link", name="Month", exact=True)).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("link", name=re.compile("Print Day sheet of Dana Whitfield")).click()
    expect(
        page.get_by_role("heading", name="Dana Whitfield: Tuesday 13 April 2027")
    ).to_be_visible()
    ruth = page.get_by_role("row").filter(has_text="Ruth Okafor")
    expect(ruth).to_contain_text("First visit")
    expect(ruth).to_contain_text("Flag: History of cold sores near the area")
    expect(page.locator(".staff-nav")).to_have_count(0)
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by its script
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("Schedule for"))).to_be_hidden()
    expect(page.get_by_role("row").filter(has_text="Noor Haddad")).to_be_visible()


def test_the_booking_pages_buttons_are_big_and_the_ones_that_undo_a_visit_are_apart(
    live_server, page_sized, calendar_day
):
    page = page_sized(TABLET)
    staff_log_in(page, live_server, "desk")
    page.locator("a.sched-booking", has_text="Imogen Castellano").click()
    check_in = page.get_by_role("button", name="Check in")
    no_show = page.get_by_role("button", name="Mark no-show")
    cancel = page.get_by_role("button", name="Cancel booking")
    for button in (check_in, no_show, cancel, page.get_by_role("link", name="Reschedule")):
        expect(button).to_be_visible()
        assert button.bounding_box()["height"] >= 44
    # Not beside "Check in": their forms are on a line of their own, below it.
    below = check_in.bounding_box()["y"] + check_in.bounding_box()["height"]
    for button in (no_show, cancel):
        assert button.locator("xpath=ancestor::form").bounding_box()["y"] > below
    assert no_sideways_scroll(page)


def test_at_a_desktop_a_week_fits_and_the_month_is_a_click_away(
    live_server, page_sized, calendar_day
):
    page = page_sized(DESKTOP)
    staff_log_in(page, live_server, "boss")
    page.get_by_role("link", name="Dana Whitfield", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Dana Whitfield: week of"))).to_be_visible()
    days = page.locator("section.sched-col")
    expect(days).to_have_count(7)
    sunday = days.nth(6).bounding_box()
    assert sunday["x"] + sunday["width"] <= page.evaluate("window.innerWidth")
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Month", exact=True).click()
    expect(page.get_by_role("heading", name="April 2027")).to_be_visible()
    today = page.locator('a[aria-current="date"]')
    expect(today).to_contain_text("3 booked")
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Next month, May 2027").click()
    expect(page.get_by_role("heading", name="May 2027")).to_be_visible()
    page.get_by_role("link", name="Previous month, April 2027").click()
    page.get_by_role("link", name=re.compile("^Thursday 15 April")).click()
    expect(page.get_by_role("heading", name="Thursday 15 April 2027")).to_be_visible()


def test_on_a_phone_the_month_is_a_list_without_sideways_scrolling(
    live_server, page_sized, calendar_day
):
    page = page_sized(PHONE, is_mobile=True, has_touch=True)
    staff_log_in(page, live_server, "desk", then="/staff/schedule/month/?month=2027-04")
    expect(page.get_by_role("heading", name="April 2027")).to_be_visible()
    assert no_sideways_scroll(page)
    page.goto(
        live_server.url
        + f"/staff/schedule/provider/{calendar_day['later'].provider.public_id}/sheet/"
        + "?date=2027-04-13"
    )
    expect(page.get_by_text("Ruth Okafor")).to_be_visible()
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("username", ["desk", "boss"])
def test_every_link_on_the_month_and_the_day_sheet_answers(
    live_server, page_sized, calendar_day, username
):
    page = page_sized(DESKTOP)
    staff_log_in(page, live_server, username)
    dana = calendar_day["later"].provider.public_id
    pages = [
        "/staff/schedule/month/?month=2027-04",
        f"/staff/schedule/provider/{dana}/sheet/?date=2027-04-13",
        "/staff/schedule/?date=2027-04-13",
    ]
    seen: set[str] = set()
    for path in pages:
        page.goto(live_server.url + path)
        for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"):
            url = urljoin(live_server.url + path, href).split("#")[0]
            if urlparse(url).netloc != urlparse(live_server.url).netloc or url in seen:
                continue
            seen.add(url)
            status = page.request.get(url, max_redirects=0).status
            assert status in (200, 302), f"{url} answered {status} to {username}"
    assert len(seen) > 40

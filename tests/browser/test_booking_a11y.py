"""The booking steps on a phone, for fingers and for the keyboard: every control is a 44x44 px
target, keyboard focus shows a ring, choosing a day puts focus on its times, and a form sent
back with errors puts focus on the summary of what to fix."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RING = "solid 3px rgb(224, 161, 0)"

# Each control's tap target: a radio's or checkbox's is its label (the whole row).
TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => !el.closest('.visually-hidden'))
  .map((el) => {
    const target = ['radio', 'checkbox'].includes(el.type) ? el.labels[0] : el;
    const box = target.getBoundingClientRect();
    return {name: el.id || el.textContent.trim(), width: box.width, height: box.height};
  })"""
OUTLINE = """(el) => { const s = getComputedStyle(el);
  return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`; }"""


def small_targets(page, selector: str) -> list[dict]:
    found = page.evaluate(TARGETS, selector)
    assert found, f"no {selector} on {page.url}"
    return [t for t in found if t["width"] < 44 or t["height"] < 44]


def ring_when_tabbed_to(page, selector: str) -> tuple[str, str]:
    """The outline of the first `selector` before it has focus, and once Tab reaches it."""
    unfocused = page.locator(selector).first.evaluate(OUTLINE)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return unfocused, page.evaluate(f"() => ({OUTLINE})(document.activeElement)")
    raise AssertionError(f"Tab never reached {selector}")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")


def test_the_booking_steps_work_by_finger_and_by_keyboard_on_a_phone(
    live_server, phone_page, demo_clinic, tuesday_morning
):
    page = phone_page

    # 1. Topic: each choice is a large target.
    page.goto(live_server.url + "/book/")
    assert small_targets(page, ".choice") == [] and no_sideways_scroll(page)
    page.get_by_role("link", name=re.compile("HALO hybrid fractional laser")).click()

    # 2. Day and time.
    page.wait_for_url("**/book/halo/")
    for selector in ["select", ".day", ".slot", "main button"]:
        assert small_targets(page, selector) == [], selector
    assert no_sideways_scroll(page)
    for selector in ["#id_provider", "form button[type=submit]", ".day:not(.active)"]:
        unfocused, focused = ring_when_tabbed_to(page, selector)
        assert focused == RING and focused != unfocused, selector
    # A day chosen with a tap: its times replace the old ones, and focus lands on them.
    chip = page.locator(".day:not(.active)").last
    weekday = chip.locator(".day-name").text_content()
    chip.click()
    page.wait_for_function("() => document.activeElement.id === 'times'")
    assert page.evaluate("() => document.activeElement.textContent").startswith(
        f"Times on {weekday}"
    )
    assert "date=" in page.url
    unfocused, focused = ring_when_tabbed_to(page, ".slot")
    assert focused == RING and focused != unfocused
    page.locator(".slot").first.click()

    # 3. Details: rows of radios, the menu, the fields and the button.
    page.wait_for_url("**/book/halo/details/**")
    for selector in [
        "input[type=radio], input[type=checkbox]",
        "select",
        "input:not([type=hidden])",
        "main .btn-cta",
    ]:
        assert small_targets(page, selector) == [], selector
    assert no_sideways_scroll(page)
    cta = "main .btn-cta"
    for selector in ["#id_first_name", "input[type=radio]", "#id_skin_response", cta]:
        unfocused, focused = ring_when_tabbed_to(page, selector)
        assert focused == RING and focused != unfocused, selector

    # Sent empty (Enter on the focused button): focus goes to the summary, whose links lead
    # to the fields.
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'error-summary'")
    summary = page.locator("#error-summary")
    assert summary.get_by_role("heading").text_content() == "There is a problem"
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_first_name"
    assert no_sideways_scroll(page)

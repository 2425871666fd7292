import pytest
from playwright.sync_api import expect

from tests.browser.pages import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_patient_on_a_phone_reads_about_halo_and_finds_its_aftercare(
    live_server, phone_page, demo_clinic
):
    page = phone_page
    page.goto(live_server.url + "/")
    assert page.title().startswith("Willowmere Skin & Laser")
    assert axe_violations(page) == []

    # On a 390 px screen the HALO card is reachable without the menu.
    page.get_by_role("link", name="HALO hybrid fractional laser").click()
    page.wait_for_url("**/treatments/halo/")

    aftercare = page.locator("section#aftercare")
    aftercare.scroll_into_view_if_needed()
    expect(aftercare).to_be_visible()
    assert "MENDS" in aftercare.inner_text()
    expect(page.get_by_role("link", name="Book a free consultation").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_phone_menu_opens_and_leads_to_the_faq(live_server, phone_page, demo_clinic):
    page = phone_page
    page.goto(live_server.url + "/")
    faq_link = page.locator(".site-menu").get_by_role("link", name="FAQ", exact=True)
    expect(faq_link).to_be_hidden()

    page.locator(".site-menu > summary").click()
    faq_link.click()

    page.wait_for_url("**/treatments/faq/")
    assert page.get_by_role("heading", level=1).inner_text() == "Frequently asked questions"
    assert axe_violations(page) == []


def test_the_skip_link_is_the_first_stop_for_a_keyboard(live_server, phone_page, demo_clinic):
    page = phone_page
    page.goto(live_server.url + "/treatments/laser-toning/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


def test_the_accessibility_check_itself_catches_a_real_violation(phone_page):
    # Guards the guard: an unlabeled button and an image without alt text must be reported.
    phone_page.set_content(
        '<html lang="en"><body><main><button></button><img src="x.png"></main></body></html>'
    )
    found = {violation["id"] for violation in axe_violations(phone_page)}
    assert {"button-name", "image-alt"} <= found

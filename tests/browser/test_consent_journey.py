"""A HALO patient signs her consent on her phone with a finger-drawn signature before she
arrives; the front desk sees "Consent signed" on her block in the grid."""

import pytest
from playwright.sync_api import expect

from consent.demo import consent_demo_load
from consent.links import forms_path
from consent.models import FormRequest, FormSubmission
from consent.services import forms_request_for_booking
from tests.browser.pages import PHONE, TABLET, axe_violations, staff_log_in
from tests.factories import booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def halo_tuesday(demo_clinic, tuesday_morning):
    consent_demo_load()
    patient = patient_make("Mira", "Okafor")
    booking = booking_lay(
        patient=patient, provider="Dana Whitfield", at="14:00", kind="halo-session"
    )
    forms_request_for_booking(booking=booking)
    staff_user("desk", "Front desk")
    return booking


def finger_signature(page, selector: str) -> None:
    """Draws a stroke with touch events, as a finger does (Chromium turns them into pointer
    events of type touch)."""
    pad = page.locator(selector)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    cdp = page.context.new_cdp_session(page)
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 25):
        point = {"x": x + step * 10, "y": y + (12 if step % 2 else -12)}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_patient_signs_her_halo_consent_with_a_finger_and_the_desk_sees_it(
    live_server, page_sized, halo_tuesday
):
    booking = halo_tuesday
    phone = page_sized(PHONE, is_mobile=True, has_touch=True)
    phone.goto(live_server.url + forms_path(booking))
    expect(phone.get_by_role("heading", name="Your forms")).to_be_visible()
    phone.get_by_role("link", name="Read and sign the Consent to HALO").click()
    expect(phone.get_by_role("heading", name="What the treatment is")).to_be_visible()
    assert axe_violations(phone, impacts=("minor", "moderate", "serious", "critical")) == []
    # Signing with nothing drawn is refused, and says how to sign.
    phone.get_by_label("Your full name").fill("Mira Okafor")
    phone.get_by_role("button", name="Sign the form").click()
    expect(phone.locator("#error-summary")).to_contain_text("Please sign in the box")
    finger_signature(phone, "#signature-pad")
    phone.get_by_role("button", name="Sign the form").click()
    expect(phone.get_by_role("status")).to_contain_text("that form is signed")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    submission = FormSubmission.objects.get()
    assert submission.signed_with == "drawn" and submission.typed_name == "Mira Okafor"
    assert bytes(submission.signature_png)[:4] == b"\x89PNG"
    assert FormRequest.objects.get(template__kind="consent").signed_at is not None

    desk = page_sized(TABLET)
    staff_log_in(desk, live_server, "desk")
    block = desk.locator(".sched-booking", has_text="Mira Okafor")
    expect(block).to_contain_text("Consent signed")
    block.click()
    expect(desk.get_by_role("heading", name="Forms")).to_be_visible()
    expect(desk.locator("#forms-heading + ul")).to_contain_text("Signed")

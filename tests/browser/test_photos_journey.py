"""A provider on the clinic's tablet takes a "before" photo in a HALO session, lining the pose
up with the faint ghost of the same view from the patient's previous session, then compares
the two sessions with the slider."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from photos.models import Photo
from photos.services import photo_renditions_make
from tests.browser.pages import TABLET, staff_log_in
from tests.factories import (
    TUESDAY,
    PhotoFactory,
    booking_lay,
    image_bytes,
    patient_make,
    photo_consent_sign,
    staff_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def elena_sessions(demo_clinic, tuesday_morning):
    staff_user("dana", "Provider", provider="Dana Whitfield")
    elena = patient_make("Elena", "Sokolova")
    booking_lay(
        patient=elena,
        provider="Dana Whitfield",
        at="11:00",
        day=TUESDAY - timedelta(days=60),
        status="completed",
    )
    previous = booking_lay(
        patient=elena,
        provider="Dana Whitfield",
        at="10:00",
        kind="halo-session",
        day=TUESDAY - timedelta(days=42),
        status="completed",
    )
    ghost = PhotoFactory(booking=previous, view="front", phase="before", width=600, height=800)
    photo_renditions_make(photo=ghost)
    today = booking_lay(
        patient=elena,
        provider="Dana Whitfield",
        at="09:00",
        kind="halo-session",
        status="checked_in",
    )
    # She said yes to photos on the HALO consent form before her first session.
    photo_consent_sign(previous, agreed=True, at=previous.start - timedelta(days=2))
    return {"today": today, "ghost": ghost}


def test_a_provider_takes_a_photo_over_the_ghost_of_the_last_one_and_compares_on_a_tablet(
    live_server, page_sized, elena_sessions, tmp_path
):
    page = page_sized(TABLET, has_touch=True)
    today = elena_sessions["today"]
    staff_log_in(page, live_server, "dana", then=f"/staff/bookings/{today.public_id}/")

    # The front view is chosen: last session's front photo lies faintly over the stage.
    ghost = page.locator("[data-photo-ghost]")
    expect(ghost).to_be_visible()
    expect(ghost).to_have_attribute(
        "src", f"/staff/photos/{elena_sessions['ghost'].public_id}/screen/"
    )
    page.get_by_label("Ghost strength").fill("70")
    expect(ghost).to_have_css("opacity", "0.7")

    photo = tmp_path / "front.png"
    photo.write_bytes(image_bytes("PNG", size=(600, 800)))
    page.locator("input[name=image]").set_input_files(photo)
    expect(page.locator("[data-photo-preview]")).to_be_visible()
    expect(ghost).to_be_visible()  # still over the new photo, to line it up
    page.get_by_role("button", name="Keep this photo").click()

    expect(page.get_by_text("Photo kept.")).to_be_visible()
    taken = Photo.objects.get(booking=elena_sessions["today"])
    assert (taken.view, taken.phase) == ("front", "before")
    expect(page.get_by_role("img", name="Front, before").first).to_be_visible()

    page.get_by_role("link", name="Compare sessions").click()
    page.get_by_label("Later: before or after").select_option("before")
    page.get_by_role("button", name="Show").click()
    slider = page.get_by_label("Slide: earlier on the left, later on the right")
    expect(slider).to_be_visible()
    slider.fill("20")
    expect(page.locator("[data-compare-over]")).to_have_css("clip-path", "inset(0px 80% 0px 0px)")
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

"""A provider's Tuesday on a phone: Dana logs in, sees only her own day, opens the HALO session
her patient is checked in for and completes it with the treated areas and her settings. Another
provider's booking, opened by its address, is refused and the refusal is on record."""

import re

import pytest
from playwright.sync_api import expect

from bookings.models import AuditEntry, Booking, TreatmentSession
from tests.browser.pages import PHONE, axe_violations, staff_log_in_by_form
from tests.factories import TUESDAY, booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SETTINGS = "Pass 1: 1470 nm at 8 mJ, 20% coverage; cooling on; tolerated well."


@pytest.fixture
def dana_day(demo_clinic, tuesday_morning):
    dana = staff_user("dana", "Provider", provider="Dana Whitfield")
    elena = patient_make("Elena", "Sokolova")
    consultation_day = TUESDAY.replace(day=1)  # a Thursday, two weeks ago
    booking_lay(
        patient=elena,
        provider="Dana Whitfield",
        at="11:00",
        day=consultation_day,
        status="completed",
    )
    return {
        "dana": dana,
        "session": booking_lay(
            patient=elena,
            provider="Dana Whitfield",
            at="09:00",
            kind="halo-session",
            status="checked_in",
        ),
        "priyas": booking_lay(
            patient=patient_make("Farah", "Haddad"), provider="Priya Raman", at="11:00"
        ),
    }


def test_a_provider_completes_her_checked_in_halo_session_with_its_settings_on_a_phone(
    live_server, page_sized, dana_day
):
    page = page_sized(PHONE, is_mobile=True, has_touch=True)
    staff_log_in_by_form(page, live_server, "dana")

    # Her own day only: no one else's column, no one else's patients.
    expect(page.get_by_role("heading", name="Tuesday 13 April 2027")).to_be_visible()
    expect(page.get_by_role("heading", name="Dana Whitfield")).to_be_visible()
    expect(page.get_by_role("heading", name="Priya Raman")).to_have_count(0)
    expect(page.get_by_text("Farah Haddad")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_role("link", name="9:00 AM Elena Sokolova").click()
    expect(page.get_by_role("heading", name="HALO session: Elena Sokolova")).to_be_visible()
    expect(page.locator(".badge", has_text="Checked in")).to_be_visible()
    # The desk's work is not hers: no moving or cancelling here.
    expect(page.get_by_role("link", name="Reschedule")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_label("Treated areas").fill("Full face and neck")
    page.get_by_label("Settings notes").fill(SETTINGS)
    page.get_by_role("button", name="Complete and record the session").click()
    expect(page.get_by_text("Marked completed.")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Session 1 of .* recorded: Full face and neck"))
    ).to_be_visible()
    expect(page.get_by_text(SETTINGS, exact=False)).to_be_visible()

    session = TreatmentSession.objects.get(booking=dana_day["session"])
    assert (session.treated_areas, session.settings_notes, session.recorded_by) == (
        "Full face and neck",
        SETTINGS,
        dana_day["dana"],
    )
    assert Booking.objects.get(pk=dana_day["session"].pk).status == "completed"

    # Priya's booking, by its address: refused, and the refusal is in the audit log.
    response = page.goto(f"{live_server.url}/staff/bookings/{dana_day['priyas'].public_id}/")
    assert response.status == 403
    expect(page.get_by_text("Farah Haddad")).to_have_count(0)
    assert AuditEntry.objects.filter(
        actor=dana_day["dana"], action="denied", booking=dana_day["priyas"]
    ).exists()

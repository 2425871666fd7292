"""A manager merges a duplicate record as she does at the desk: from the patient's page she
searches for the other record by name, compares the two side by side, swaps which is kept,
and confirms. At a phone's, a tablet's and a desktop's width, and once without JavaScript."""

import pytest
from playwright.sync_api import expect

from bookings.models import AuditEntry, Patient
from tests.browser.pages import DESKTOP, PHONE, TABLET, axe_violations, staff_log_in
from tests.factories import PatientFactory, booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grace_twice(demo_clinic, tuesday_morning):
    """Grace's record with a booking, and the second record the desk made when she called
    from a new email."""
    staff_user("boss", "Manager")
    grace = patient_make("Grace", "Whitcombe")
    booking_lay(patient=grace, provider="Dana Whitfield", at="10:30")
    again = PatientFactory(
        first_name="Grace", last_name="Whitcombe", email="grace.w@example.net", phone="3125550177"
    )
    return grace, again


def compared(page, column: int) -> str:
    """The words in one column (1: kept, 2: merged in) of the comparison's Email row."""
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Email"))
    return row.get_by_role("cell").nth(column - 1).inner_text()


def merge_by_search(page, grace, again, *, scripts: bool = True) -> None:
    page.get_by_role("link", name="Merge a duplicate").click()
    expect(page.get_by_role("heading", name="Step 1 of 2: find the duplicate")).to_be_visible()
    page.get_by_label("Find the duplicate record").fill("grace whitcombe")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#merge-results")
    expect(results.get_by_text("This record", exact=True)).to_be_visible()
    if scripts:
        assert axe_violations(page) == []
    results.get_by_role("link", name="Compare").click()

    expect(page.get_by_role("heading", name="Step 2 of 2: compare, then merge")).to_be_visible()
    assert (compared(page, 1), compared(page, 2)) == (grace.email, again.email)
    if scripts:  # axe-core needs the page's JavaScript (its timers) to run
        assert axe_violations(page) == []
    # Both columns in view, even at a phone's width: no sideways scrolling to the duplicate.
    fits = "() => [...document.querySelectorAll('.table-responsive, html')]"
    assert page.evaluate(fits + ".every((e) => e.scrollWidth <= e.clientWidth)")
    # Swap, look, and swap back: the record with the booking is the one to keep.
    page.get_by_role("link", name=f"Swap: keep the record with {again.email}").click()
    assert (compared(page, 1), compared(page, 2)) == (again.email, grace.email)
    page.get_by_role("link", name=f"Swap: keep the record with {grace.email}").click()
    assert (compared(page, 1), compared(page, 2)) == (grace.email, again.email)

    # Merging without the tick is refused, then done with it.
    merge = page.get_by_role("button", name="Merge the duplicate into the kept record")
    merge.click()  # the browser itself stops it: the box is required
    expect(page.get_by_role("heading", name="Step 2 of 2: compare, then merge")).to_be_visible()
    # Past the browser's check (an old browser, an edited page), the server refuses too.
    page.evaluate("() => document.querySelector('#id_confirm').removeAttribute('required')")
    merge.click()
    expect(page.get_by_text("Tick the box once you are sure")).to_be_visible()
    assert not Patient.objects.filter(merged_into__isnull=False).exists()
    page.get_by_label("I compared them: these two records are the same person").check()
    page.get_by_role("button", name="Merge the duplicate into the kept record").click()

    page.wait_for_url(f"**/staff/patients/{grace.public_id}/")
    merged = f"Merged Grace Whitcombe's record ({again.email}) into this one."
    expect(page.get_by_role("status").filter(has_text=merged)).to_be_visible()
    again.refresh_from_db()
    assert again.merged_into == grace
    assert AuditEntry.objects.filter(what="patients merged", patient=grace).count() == 1


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])
def test_a_manager_finds_compares_swaps_and_merges_a_duplicate(
    live_server, page_sized, grace_twice, viewport
):
    grace, again = grace_twice
    page = page_sized(viewport)
    staff_log_in(page, live_server, "boss", then=f"/staff/patients/{grace.public_id}/")
    merge_by_search(page, grace, again)


def test_the_merge_works_without_javascript(live_server, page_sized, grace_twice):
    grace, again = grace_twice
    page = page_sized(PHONE)
    staff_log_in(page, live_server, "boss")
    cookies = page.context.cookies()
    no_script = page_sized(PHONE, java_script_enabled=False)
    no_script.context.add_cookies(cookies)
    no_script.goto(f"{live_server.url}/staff/patients/{grace.public_id}/")
    merge_by_search(no_script, grace, again, scripts=False)

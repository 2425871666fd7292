"""A manager's afternoon at a desktop: export a week of bookings as CSV from the dashboard,
put right a check-in the desk made by mistake, and read in the audit log, filtered by who and
what, a row for each kind of step the day wrote: exports, views of a booking, status changes."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from bookings.models import Booking
from tests.browser.pages import DESKTOP, axe_violations, staff_log_in_by_form
from tests.factories import as_user, booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worked_morning(demo_clinic, tuesday_morning):
    """The desk's morning, through the real pages (Django's test client): it opened Grace's
    booking and checked her in (the wrong Grace, it turns out) and cancelled Hana's."""
    desk = staff_user("desk", "Front desk")
    staff_user("boss", "Manager")
    grace = booking_lay(
        patient=patient_make("Grace", "Whitcombe"), provider="Dana Whitfield", at="10:30"
    )
    hana = booking_lay(patient=patient_make("Hana", "Morimoto"), provider="Priya Raman", at="11:00")
    client = Client()
    as_user(client, desk)
    assert client.get(f"/staff/bookings/{grace.public_id}/").status_code == 200
    client.post(f"/staff/bookings/{grace.public_id}/status/", {"to": "checked_in"})
    client.post(
        f"/staff/bookings/{hana.public_id}/status/", {"to": "cancelled", "reason": "Unwell"}
    )
    assert Booking.objects.get(pk=grace.pk).status == "checked_in"
    assert Booking.objects.get(pk=hana.pk).status == "cancelled"
    return {"grace": grace, "hana": hana}


def audit_filter(page, *, who: str, did: str):
    page.get_by_label("Staff member").select_option(label=who)
    page.get_by_label("Did").select_option(label=did)
    page.get_by_role("button", name="Show").click()


def audit_row(page, text: str | re.Pattern):
    return page.get_by_role("row").filter(has_text=text)


def test_a_manager_exports_a_week_puts_a_status_right_and_reads_each_step_in_the_audit_log(
    live_server, page_sized, worked_morning
):
    page = page_sized(DESKTOP)
    staff_log_in_by_form(page, live_server, "boss")

    # The week's bookings as a CSV file, downloaded from the dashboard.
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="From").fill("2027-04-12")
    page.get_by_role("textbox", name="To").fill("2027-04-16")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Bookings in this range (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "bookings-2027-04-12-to-2027-04-16.csv"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {(r["patient"], r["provider"], r["status"]) for r in rows} == {
        ("Grace Whitcombe", "Dana Whitfield", "Checked in"),
        ("Hana Morimoto", "Priya Raman", "Cancelled"),
    }

    # Grace was checked in by mistake: the manager puts it back from her booking page.
    page.get_by_role("link", name="Schedule", exact=True).click()
    page.locator("a.sched-booking", has_text="Grace Whitcombe").click()
    expect(page.locator(".badge", has_text="Checked in")).to_be_visible()
    page.get_by_label("Set by mistake? Why it was wrong").fill("Checked in the wrong Grace")
    page.get_by_role("button", name="Put the status back").click()
    expect(page.get_by_text("Put right: confirmed again.")).to_be_visible()
    assert Booking.objects.get(pk=worked_morning["grace"].pk).status == "confirmed"

    # The audit log: the desk's steps, then the manager's own.
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    assert axe_violations(page) == []

    audit_filter(page, who="desk", did="Anything")
    viewed = audit_row(page, "booking page")
    expect(viewed).to_contain_text("Viewed")
    expect(viewed).to_contain_text("Grace Whitcombe")
    checked_in = audit_row(page, re.compile("→ checked in", re.I))
    expect(checked_in).to_contain_text("booking status")
    expect(checked_in).to_contain_text("Grace Whitcombe")
    expect(audit_row(page, re.compile("→ cancelled", re.I))).to_contain_text("Hana Morimoto")
    expect(audit_row(page, "bookings CSV")).to_have_count(0)

    audit_filter(page, who="Anyone", did="Exported")
    exported = audit_row(page, "bookings CSV")
    expect(exported).to_have_count(1)
    expect(exported).to_contain_text("boss")
    expect(exported).to_contain_text("2027-04-12")
    expect(exported).to_contain_text("2027-04-16")

    audit_filter(page, who="boss", did="Viewed")
    expect(audit_row(page, "booking page").first).to_contain_text("Grace Whitcombe")

    audit_filter(page, who="boss", did="Changed")
    put_right = audit_row(page, "booking status put right")
    expect(put_right).to_contain_text("Checked in the wrong Grace")
    expect(put_right).to_contain_text("Grace Whitcombe")
    expect(page.get_by_role("row").filter(has_text=re.compile("Viewed|Exported"))).to_have_count(0)

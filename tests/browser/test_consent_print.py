"""The front desk prints a signed HALO consent long enough for several pages, or saves it as a
PDF, to file it: the paper has the clinic at the top, the patient's name and date of birth on
every page, "Page N of M" at the foot, and no menu or button; on screen the record still fits
a phone, a tablet and a desktop.

Chromium prints to PDF headless (page.pdf()), but nothing on this machine reads a PDF's text
(no pdftotext in CI, no PDF library in the virtualenv): the PDF gives its page count, and the
print-media page shows what puts the header on every page (a fixed element, which Chromium
draws on each printed page, over room each page keeps for it) and the page-number box."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from consent import services
from consent.demo import consent_demo_load
from consent.models import FormKind, FormRequest, FormTemplate
from tests.browser.pages import DESKTOP, PHONE, TABLET, axe_violations, staff_log_in
from tests.factories import booking_lay, patient_make, sign, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page-number box of the printed page, read from the page's stylesheets: a margin box is
# no element, so it is found in the CSS object model (CSSMarginRule, Chromium 131+).
PAGE_NUMBER_BOXES = """() => {
  const found = [];
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSMarginRule) found.push([rule.name, rule.style.content]);
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return found;
}"""


@pytest.fixture
def long_consent(demo_clinic, tuesday_morning):
    """Mira Okafor's HALO consent, signed, on a version of the form long enough to print on
    several pages."""
    consent_demo_load()
    template = FormTemplate.objects.get(kind=FormKind.CONSENT, treatment__slug="halo")
    template.body += "".join(
        f"\n\n## Part {part} of the clinic's own terms\n"
        + "These words stand in for a long section of a real consent form, written by the "
        "clinic in the admin; they are here to fill a printed page or two. " * 6
        for part in range(1, 9)
    )
    template.save()
    services.form_version_publish(template=template)
    patient = patient_make("Mira", "Okafor")
    patient.date_of_birth = date(1991, 6, 2)
    patient.save(update_fields=["date_of_birth"])
    booking = booking_lay(
        patient=patient, provider="Dana Whitfield", at="14:00", kind="halo-session"
    )
    services.forms_request_for_booking(booking=booking)
    staff_user("desk", "Front desk")
    return sign(FormRequest.objects.get(patient=patient, template=template))


def pdf_page_count(pdf: bytes) -> int:
    # Chromium writes each page as an uncompressed dictionary of "/Type /Page" (the tree above
    # them is "/Type /Pages", which the lookahead leaves out).
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def test_the_printed_consent_has_the_patient_on_every_page_and_page_numbers(
    live_server, page_sized, long_consent
):
    page = page_sized(DESKTOP)
    staff_log_in(page, live_server, "desk", then=f"/staff/forms/signed/{long_consent.public_id}/")
    expect(page.get_by_role("button", name="Print")).to_be_visible()

    page.emulate_media(media="print")
    header = page.locator("#signed-running-header")
    expect(header).to_be_visible()
    expect(header).to_contain_text("Mira Okafor · Date of birth 2 June 1991")
    expect(page.locator("#signed-clinic-name")).to_have_text("Willowmere Skin & Laser")
    expect(page.locator("#signed-provider")).to_contain_text("Dana Whitfield")
    # Nothing to click on paper: no menu, no way back, no Print button.
    expect(page.locator(".staff-nav")).to_be_hidden()
    expect(page.get_by_role("link", name="← Mira Okafor")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    # On every page: a fixed element, over room that every page of the record keeps for it.
    layout = page.evaluate(
        """() => {
          const header = document.querySelector('#signed-running-header');
          const record = getComputedStyle(document.querySelector('.signed-document'));
          return {
            position: getComputedStyle(header).position,
            height: header.getBoundingClientRect().height,
            room: parseFloat(record.paddingTop),
            clone: record.boxDecorationBreak || record.webkitBoxDecorationBreak,
          };
        }"""
    )
    assert layout["position"] == "fixed"
    assert layout["clone"] == "clone"
    assert 0 < layout["height"] <= layout["room"], layout
    assert ["bottom-right", '"Page " counter(page) " of " counter(pages)'] in page.evaluate(
        PAGE_NUMBER_BOXES
    )

    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    assert pdf_page_count(pdf) >= 2


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["390", "820", "1280"])
def test_on_screen_the_record_fits_and_the_running_header_is_for_paper_only(
    live_server, page_sized, long_consent, viewport
):
    page = page_sized(viewport)
    staff_log_in(page, live_server, "desk", then=f"/staff/forms/signed/{long_consent.public_id}/")

    expect(page.locator("#signed-clinic-name")).to_be_visible()
    expect(page.locator("#signed-by")).to_have_text('"Mira Okafor", the patient')
    expect(page.locator("#signed-running-header")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(page) == []

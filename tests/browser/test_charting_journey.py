"""Dana charts a HALO session on a tablet: the chart opens with last time's device, areas and
settings, she changes the one value that differs and signs it off; later she adds an addendum
under it, and the completion form starts with the chart's treated areas."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from charting import services
from charting.demo import HALO_AREAS, charting_catalogue_demo_load
from charting.models import Area, Chart, Device
from tests.browser.pages import TABLET, axe_violations, staff_log_in
from tests.factories import TUESDAY, booking_lay, patient_make, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def halo_series(demo_clinic, tuesday_morning):
    charting_catalogue_demo_load()
    dana = staff_user("dana", "Provider", provider="Dana Whitfield")
    elena = patient_make("Elena", "Sokolova")
    last_time = booking_lay(
        patient=elena,
        provider="Dana Whitfield",
        at="09:00",
        kind="halo-session",
        day=TUESDAY - timedelta(weeks=4),
        status="completed",
    )
    device = Device.objects.get(name__startswith="HALO")
    areas = list(Area.objects.filter(name__in=HALO_AREAS))
    services.chart_save(
        booking=last_time,
        actor=dana,
        details=services.ChartDetails(
            device=device,
            areas=areas,
            settings={area.pk: HALO_AREAS[area.name] for area in areas},
            skin_type="III",
        ),
        sign_off=True,
    )
    return booking_lay(
        patient=elena,
        provider="Dana Whitfield",
        at="09:00",
        kind="halo-session",
        status="checked_in",
    )


def test_dana_charts_from_last_time_changes_one_value_signs_off_and_adds_an_addendum(
    live_server, page_sized, halo_series
):
    page = page_sized(TABLET)
    staff_log_in(page, live_server, "dana", then=f"/staff/bookings/{halo_series.public_id}/")
    expect(page.get_by_text("Not charted yet")).to_be_visible()
    page.get_by_role("link", name="Chart this session").click()

    expect(page.get_by_text("Opened from the last signed-off chart")).to_be_visible()
    face = page.locator("[data-charting-area]", has_text="Full face treated")
    expect(face.get_by_label("Full face treated")).to_be_checked()
    coverage = face.get_by_label("Ablative coverage (%)", exact=True)
    expect(coverage).to_have_value("20")
    expect(face.get_by_text("Last time: 20 %")).to_be_visible()
    # An area not treated last time keeps its settings folded away until ticked.
    chest = page.locator("[data-charting-area]", has_text="Chest treated")
    expect(chest.get_by_label("Ablative coverage (%)", exact=True)).to_be_hidden()
    assert axe_violations(page) == []

    coverage.fill("25")
    page.get_by_label("Erythema (0-3)").select_option("2")
    page.get_by_role("button", name="Save and sign off").click()
    expect(page.get_by_text("Chart signed off.")).to_be_visible()
    expect(page.get_by_text("Ablative coverage 25 %")).to_be_visible()
    expect(page.get_by_role("button", name="Save and sign off")).to_have_count(0)

    page.get_by_label("Addendum").fill("Phoned on day 2: redness settling, no blistering.")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Addendum added.")).to_be_visible()
    expect(page.get_by_text("redness settling, no blistering")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

    chart = Chart.objects.get(booking=halo_series)
    assert chart.is_signed_off and chart.erythema == 2
    page.get_by_role("link", name="The booking").click()
    expect(page.get_by_label("Treated areas")).to_have_value("Full face, Neck")

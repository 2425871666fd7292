"""A chart keeps the catalogue's words as they were when it was written: a manager renaming a
device, an area or a setting, or changing a setting's unit or kind, later, changes nothing a
signed chart says (its page, the side by side, the patient's copy of their data). On
PostgreSQL the copied words of a signed-off chart cannot be changed either."""

import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from charting import patient_data, selectors
from charting.models import Chart, ChartArea, ChartSetting, DeviceSetting
from tests.factories import as_user
from tests.readable import readable

pytestmark = pytest.mark.django_db


@pytest.fixture
def reworded(signed_chart, halo_device, areas):
    """The catalogue after the chart was signed: every word it used is now different."""
    halo_device.name = "HALO Pro"
    halo_device.save()
    DeviceSetting.objects.filter(device=halo_device, key="coverage").update(
        label="Density", unit="mJ", kind=DeviceSetting.Kind.TEXT
    )
    areas[0].name = "Whole face"
    areas[0].save()
    return signed_chart


def test_the_chart_page_shows_the_words_it_was_signed_with(client, provider_dana, reworded):
    as_user(client, provider_dana)
    page = client.get(reverse("charting:chart", args=[reworded.booking.public_id]))
    html = page.content.decode()
    # The signed chart's own section says the words it was signed with...
    section = re.search(r"<section[^>]*charting-read-heading.*?</section>", html, re.S)
    chart = readable(section.group(0))
    assert "HALO hybrid fractional laser" in chart
    assert "Full face" in chart
    assert "Ablative coverage 20 %" in chart
    # ...and nothing the page shows uses the new ones (its words, not its bytes: "mJ" turns up
    # in CSRF tokens).
    words = readable(page)
    assert "HALO Pro" not in words and "Whole face" not in words
    assert "Density" not in words and "mJ" not in words


def test_the_side_by_side_shows_the_words_it_was_signed_with(patient, reworded):
    (series,) = selectors.series_side_by_side(patient)
    labels = [row.label for row in series.rows]
    assert "Full face" in labels and "Whole face" not in labels
    assert "Ablative coverage (%)" in labels and "Density (mJ)" not in labels
    assert series.rows[0].cells == ["HALO hybrid fractional laser"]


def test_the_patients_copy_shows_the_words_it_was_signed_with(patient, reworded):
    (chart,) = patient_data.export(patient)
    assert chart["device"] == "HALO hybrid fractional laser"
    assert chart["areas"][0] == {
        "area": "Full face",
        "settings": {"Ablative coverage": "20 %", "Passes": "4"},
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_reword_a_signed_off_chart(signed_chart):
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        Chart.objects.filter(pk=signed_chart.pk).update(device_name="HALO Pro")
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        ChartArea.objects.filter(chart=signed_chart).update(area_name="Whole face")
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        ChartSetting.objects.filter(chart_area__chart=signed_chart).update(unit="mJ")

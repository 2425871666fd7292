"""The demo's charting: its catalogue, and signed-off charts for the demo patients' completed
HALO sessions, so that the next demo HALO session opens from last time. Both loaders create
only what is missing."""

import pytest

from bookings.demo_day import patients_demo_load, schedule_demo_load
from bookings.models import Booking, Provider
from charting import selectors
from charting.demo import charting_catalogue_demo_load, charting_demo_day_load
from charting.models import Chart, Device
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_the_demo_charts_the_completed_halo_sessions_and_shows_carry_forward(demo_clinic):
    desk = staff_user("frontdesk", "Front desk")
    staff_user("manager", "Manager")  # signs off for providers with no login of their own
    dana = staff_user("dana", "Provider")
    Provider.objects.filter(display_name="Dana Whitfield").update(user=dana)
    patients_demo_load()
    schedule_demo_load(desk_user=desk)
    made = charting_catalogue_demo_load()
    assert made["devices"] == 3
    assert Device.objects.get(name__startswith="HALO").treatments.get().slug == "halo"
    day = charting_demo_day_load(desk_user=desk)
    assert day["charts"] >= 1 and day["follow_up_sessions"] == 1
    assert all(chart.is_signed_off for chart in Chart.objects.all())

    follow_up = (
        Booking.objects.filter(treatment__slug="halo", chart__isnull=True)
        .filter(patient__bookings__chart__isnull=False, status="confirmed")
        .first()
    )
    assert selectors.chart_previous(follow_up) is not None

    assert charting_catalogue_demo_load() == {"chart_areas": 0, "devices": 0, "device_settings": 0}
    assert charting_demo_day_load(desk_user=desk) == {"charts": 0, "follow_up_sessions": 0}

"""The grid's free cells and the booking services share one definition of a free time:
busy_intervals (time off, live bookings with their buffers, the shared device)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from bookings.models import AppointmentType, Provider, TimeOff
from bookings.selectors import busy_intervals, day_schedule, slot_find
from tests.factories import MONDAY, BookingFactory, as_user
from tests.readable import mentions

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date()


def _free_cells(provider) -> list[str]:
    schedule = day_schedule(day=DAY, providers=Provider.objects.filter(pk=provider.pk))
    return [f"{cell.start.astimezone(CHICAGO):%H:%M}" for cell in schedule.columns[0].free_starts]


def test_a_bookings_15_minute_buffer_makes_the_following_cell_not_free(clinic, frozen_monday):
    # A HALO session 9:00-10:30 keeps Dana (and the laser) until 10:45.
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.dana, start=MONDAY)
    cells = _free_cells(clinic.dana)
    assert "10:30" not in cells
    assert "11:00" in cells
    assert cells[0] == "11:00"


def test_busy_intervals_hold_the_buffer_and_the_device_for_every_provider(clinic, frozen_monday):
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.priya, start=MONDAY)
    busy = busy_intervals(
        provider_ids=[clinic.dana.pk, clinic.priya.pk],
        resource_id=clinic.device.pk,
        start=MONDAY - timedelta(hours=9),
        end=MONDAY + timedelta(hours=15),
    )
    at = MONDAY + timedelta(minutes=100)  # 10:40, inside Priya's buffer
    assert not busy.provider_is_free(provider_id=clinic.priya.pk, start=at, end=at)
    assert busy.provider_is_free(provider_id=clinic.dana.pk, start=at, end=at)
    assert not busy.device_is_free(resource_id=clinic.device.pk, start=at, end=at)
    after = MONDAY + timedelta(minutes=105)
    assert busy.device_is_free(resource_id=clinic.device.pk, start=after, end=after)


def test_a_cell_is_offered_exactly_where_staff_booking_would_accept_a_half_hour(
    clinic, frozen_monday
):
    half_hour = AppointmentType.objects.create(
        name="Half hour", slug="half-hour", kind="consultation", duration_minutes=30
    )
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.dana, start=MONDAY)
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=3, minutes=5),
    )  # 12:05, to 12:45
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=4),
        status="cancelled",
    )
    TimeOff.objects.create(
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=5, minutes=50),
        end=MONDAY + timedelta(hours=6, minutes=10),
    )
    cells = set(_free_cells(clinic.dana))
    for minutes in range(0, 8 * 60, 30):
        start = MONDAY + timedelta(minutes=minutes)
        accepted = slot_find(
            appointment_type=half_hour,
            treatment=clinic.halo,
            start=start,
            provider=clinic.dana,
            online=False,
        )
        label = f"{start.astimezone(CHICAGO):%H:%M}"
        assert (label in cells) == (accepted is not None), label
    assert {"10:30", "12:00", "12:30", "14:30", "15:00"}.isdisjoint(cells)
    assert {"11:00", "11:30", "13:00", "14:00", "15:30"} <= cells


def test_the_day_grid_shows_the_laser_in_use_by_another_provider(
    client, clinic, provider_dana, frozen_monday
):
    BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.priya,
        start=MONDAY + timedelta(hours=4),
        email="zoe@x.org",
    )
    as_user(client, provider_dana)  # sees only Dana's column, and still the laser's lane
    html = client.get(reverse("staff:day"), {"date": DAY.isoformat()}).content.decode()
    assert 'aria-label="HALO laser: when it is in use"' in html
    assert "1:00-2:30 PM Priya" in html and "+ 15 min buffer" in html  # and its buffer
    assert not mentions(html, "zoe")  # the lane names the provider, never Priya's patient

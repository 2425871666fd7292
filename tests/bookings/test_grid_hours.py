"""The grid runs from the earliest to the latest of the day's working hours, bookings and time
off, in whole hours, so nothing before opening or after closing is squeezed into a sliver."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from bookings.models import Provider, TimeOff
from bookings.selectors import day_schedule, week_schedule
from bookings.selectors.schedule import ROW_MINUTES
from tests.factories import MONDAY, BookingFactory

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date()
HALF_HOUR_ROWS = 30 // ROW_MINUTES


def _day(clinic, day=DAY):
    return day_schedule(day=day, providers=Provider.objects.filter(pk=clinic.dana.pk))


def test_a_day_with_only_working_hours_spans_exactly_those_hours(clinic, frozen_monday):
    schedule = _day(clinic)
    assert (schedule.first_hour, schedule.last_hour) == (9, 17)
    assert [hour.hour for _, hour in schedule.hour_rows] == list(range(9, 18))


def test_a_booking_before_opening_extends_the_grid_and_keeps_its_full_height(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY - timedelta(hours=1, minutes=45),
    )  # 7:15-7:45
    schedule = _day(clinic)
    assert schedule.first_hour == 7
    block = schedule.columns[0].bookings[0]
    assert block.row_start == 15 // ROW_MINUTES + 1  # 7:15 is 15 minutes into the grid
    assert block.row_end - block.row_start == HALF_HOUR_ROWS


def test_a_booking_after_closing_extends_the_grid_to_cover_its_buffer(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=9, minutes=30),
    )  # 18:30, to 19:10
    schedule = _day(clinic)
    assert (schedule.first_hour, schedule.last_hour) == (9, 20)
    block = schedule.columns[0].bookings[0]
    assert block.row_end - block.row_start == HALF_HOUR_ROWS
    assert schedule.row_count > block.row_end


def test_time_off_before_opening_extends_the_grid(clinic, frozen_monday):
    TimeOff.objects.create(
        provider=clinic.dana, start=MONDAY - timedelta(hours=3), end=MONDAY - timedelta(hours=1)
    )  # 6:00-8:00
    schedule = _day(clinic)
    assert schedule.first_hour == 6
    assert schedule.columns[0].time_off[0].row_start == 1


def test_a_week_of_leave_does_not_stretch_the_grid_to_midnight(clinic, frozen_monday):
    TimeOff.objects.create(
        provider=clinic.dana, start=MONDAY - timedelta(days=2), end=MONDAY + timedelta(days=3)
    )
    schedule = _day(clinic)
    assert (schedule.first_hour, schedule.last_hour) == (9, 17)
    assert schedule.columns[0].time_off[0].row_start == 1
    assert schedule.columns[0].free_starts == []


def test_a_booking_running_to_midnight_ends_the_grid_at_midnight(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=14, minutes=30),
    )  # 23:30-00:10
    schedule = _day(clinic)
    assert schedule.last_hour == 24
    assert schedule.hour_rows[-1][1].hour == 0  # labelled 12 AM


def test_a_day_with_nothing_on_it_shows_the_usual_clinic_hours(clinic, frozen_monday):
    sunday = DAY - timedelta(days=1)
    schedule = _day(clinic, day=sunday)
    assert (schedule.first_hour, schedule.last_hour) == (8, 19)


def test_the_week_grid_covers_the_earliest_and_latest_of_its_days(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(days=2, hours=-2),
    )  # Wed 7:00
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(days=5, hours=10),
    )  # Sat 19:00-19:40
    schedule = week_schedule(week_start=DAY, provider=clinic.dana)
    assert (schedule.first_hour, schedule.last_hour) == (7, 20)
    saturday = schedule.columns[5]
    assert saturday.bookings[0].row_end - saturday.bookings[0].row_start == HALF_HOUR_ROWS

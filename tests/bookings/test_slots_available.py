from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bookings.models import TimeOff
from bookings.selectors import slots_available
from tests.factories import MONDAY, BookingFactory, TreatmentFactory, provider_make

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date()


def _starts(clinic, *, provider=None, day=DAY, appointment_type=None, **kwargs):
    slots = slots_available(
        appointment_type=appointment_type or clinic.consultation,
        treatment=clinic.halo,
        start_date=day,
        end_date=day,
        provider=provider,
        **kwargs,
    )
    return [slot.start.astimezone(CHICAGO).strftime("%H:%M") for slot in slots.get(day, [])]


def test_slots_run_on_a_15_minute_grid_inside_working_hours(clinic, frozen_monday):
    starts = _starts(clinic, provider=clinic.dana)
    assert starts[0] == "09:00"
    assert starts[1] == "09:15"
    # 30 minutes must fit before 17:00; the buffer may run past closing.
    assert starts[-1] == "16:30"
    assert len(starts) == 31


def test_a_booking_and_its_buffer_are_not_offered_again(clinic, frozen_monday):
    # 10:00-10:30, buffer to 10:40
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=1),
        email="busy@example.com",
    )
    starts = _starts(clinic, provider=clinic.dana)
    assert "09:15" in starts  # 09:15-09:55 with its own buffer: clear of 10:00
    assert "09:30" not in starts  # 09:30-10:10 with its buffer would run into 10:00
    assert "10:00" not in starts and "10:30" not in starts
    assert "10:45" in starts


def test_back_to_back_is_allowed(clinic, frozen_monday):
    # 09:40-10:10, buffer 10:20
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(minutes=40),
        email="busy@example.com",
    )
    starts = _starts(clinic, provider=clinic.dana)
    assert "09:00" in starts  # 09:00-09:40 (with buffer) ends exactly when it starts


def test_cancelled_bookings_free_their_time(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        status="cancelled",
        email="busy@example.com",
    )
    assert "09:00" in _starts(clinic, provider=clinic.dana)


def test_time_off_removes_slots(clinic, frozen_monday):
    TimeOff.objects.create(
        provider=clinic.dana, start=MONDAY + timedelta(hours=3), end=MONDAY + timedelta(hours=5)
    )
    starts = _starts(clinic, provider=clinic.dana)
    assert "11:15" in starts  # with its buffer it ends 11:55, before the time off
    assert "11:30" not in starts
    assert "12:00" not in starts and "13:45" not in starts
    assert "14:00" in starts


def test_any_provider_offers_a_time_while_one_of_them_is_free(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        email="busy@example.com",
    )
    slots = slots_available(
        appointment_type=clinic.consultation, treatment=clinic.halo, start_date=DAY, end_date=DAY
    )[DAY]
    first = slots[0]
    assert first.start == MONDAY
    assert first.provider_ids == (clinic.priya.pk,)


def test_any_provider_prefers_the_least_busy_one_that_day(clinic, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=6),
        email="busy@example.com",
    )
    slots = slots_available(
        appointment_type=clinic.consultation, treatment=clinic.halo, start_date=DAY, end_date=DAY
    )[DAY]
    assert slots[0].provider_ids == (clinic.priya.pk, clinic.dana.pk)


def test_only_providers_who_perform_the_treatment_are_offered(clinic, frozen_monday):
    other = TreatmentFactory(slug="other")
    provider_make("Sam", [other])
    slots = slots_available(
        appointment_type=clinic.consultation, treatment=other, start_date=DAY, end_date=DAY
    )
    assert slots and all(len(s.provider_ids) == 1 for s in slots[DAY])


def test_the_device_is_shared_by_every_provider(clinic, frozen_monday):
    # 9:00-10:30, the device held to 10:45 with its buffer
    BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=MONDAY,
        email="busy@example.com",
    )
    starts = _starts(clinic, provider=clinic.priya, appointment_type=clinic.halo_session)
    assert "09:00" not in starts and "10:30" not in starts
    assert "10:45" in starts


def test_minimum_notice_hides_slots_too_soon(clinic):
    with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):  # 09:05 local
        starts = _starts(clinic, provider=clinic.dana)
    assert starts[0] == "11:15"  # 09:05 + 2 h notice, next grid point


def test_the_horizon_ends_online_booking(clinic, frozen_monday):
    far = DAY + timedelta(weeks=9)  # 63 days ahead, past the 60-day horizon
    near = DAY + timedelta(weeks=8)
    assert _starts(clinic, provider=clinic.dana, day=far) == []
    assert _starts(clinic, provider=clinic.dana, day=near) != []
    # Staff booking by phone may go past it.
    assert _starts(clinic, provider=clinic.dana, day=far, online=False) != []


def test_nothing_in_the_past_is_ever_offered(clinic, frozen_monday):
    assert _starts(clinic, provider=clinic.dana, day=DAY - timedelta(weeks=1)) == []


@pytest.mark.parametrize(
    "day",
    [date(2027, 3, 15), date(2027, 11, 8)],  # the Mondays after the March and November changes
    ids=["march-spring-forward", "november-fall-back"],
)
def test_working_hours_stay_on_the_local_clock_across_daylight_saving(clinic, day):
    two_weeks_before = datetime.combine(day - timedelta(weeks=2), datetime.min.time(), UTC)
    with time_machine.travel(two_weeks_before, tick=False):
        starts = _starts(clinic, provider=clinic.dana, day=day)
        week_before = _starts(clinic, provider=clinic.dana, day=day - timedelta(weeks=1))
    assert starts[0] == week_before[0] == "09:00"
    assert starts[-1] == week_before[-1] == "16:30"


def test_a_provider_working_on_the_dst_sunday_itself_keeps_local_hours(clinic):
    sunday = date(2027, 3, 14)  # 2:00 jumps to 3:00
    dana = provider_make("Night", [clinic.halo], hours=((6, "01:00", "05:00"),))
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        starts = _starts(clinic, provider=dana, day=sunday)
    assert "02:15" not in starts  # that local time does not exist that night
    assert starts[0] == "01:00" and starts[-1] == "04:30"


def test_the_query_count_does_not_grow_with_days_or_bookings(
    clinic, frozen_monday, django_assert_num_queries
):
    def run(days):
        slots_available(
            appointment_type=clinic.halo_session,
            treatment=clinic.halo,
            start_date=DAY,
            end_date=DAY + timedelta(days=days),
        )

    # Providers with their hours, time off, bookings, the clinic's closures, the treatment's
    # providers: five, whatever the range.
    with django_assert_num_queries(5):
        run(1)
    for index in range(40):
        BookingFactory(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            provider=clinic.dana,
            start=MONDAY + timedelta(days=index // 8, minutes=45 * (index % 8)),
            email="busy@example.com",
        )
    with django_assert_num_queries(5):
        run(14)

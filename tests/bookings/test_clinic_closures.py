"""The clinic's closures, set once, are honoured everywhere times are offered: online slots,
the staff grid's free cells and labels, and the next session of a series."""

from datetime import date, time, timedelta

from django.urls import reverse

from bookings import services
from bookings.models import Booking, Closure
from bookings.selectors import slots_available
from tests.factories import NEXT_MONDAY, as_user, patient_details


def _times(clinic, day: date) -> list[str]:
    slots = slots_available(
        appointment_type=clinic.consultation, treatment=clinic.halo, start_date=day, end_date=day
    )
    return [f"{s.start:%H:%M}" for s in slots.get(day, [])]


def test_a_closed_day_offers_no_times_and_cannot_be_booked(clinic, frozen_monday):
    day = NEXT_MONDAY.date()
    assert _times(clinic, day)
    Closure.objects.create(day=day, reason="Staff training")
    assert _times(clinic, day) == []
    try:
        services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=NEXT_MONDAY,
            provider=clinic.dana,
            patient_details=patient_details(),
            source="online",
        )
    except services.SlotTaken:
        pass
    else:
        raise AssertionError("booked on a closed day")


def test_an_early_closing_keeps_the_morning(clinic, frozen_monday):
    day = NEXT_MONDAY.date()
    Closure.objects.create(day=day, closes_at=time(12), reason="Christmas Eve")
    times = _times(clinic, day)  # UTC: 9:00 Chicago is 14:00 UTC
    assert times and max(times) < "17:00"  # nothing ends after 12:00 Chicago


def test_the_grid_labels_the_closure_and_offers_no_free_cell(client, clinic, frontdesk):
    day = NEXT_MONDAY.date()
    as_user(client, frontdesk)
    url = reverse("staff:day")
    open_page = client.get(url, {"date": day.isoformat()}).content.decode()
    assert "sched-free" in open_page and '<div class="sched-working ' in open_page
    Closure.objects.create(day=day, reason="Thanksgiving")
    page = client.get(url, {"date": day.isoformat()}).content.decode()
    assert "Closed: Thanksgiving" in page
    assert "sched-free" not in page
    assert '<div class="sched-working ' not in page  # not shaded as a working day either


def test_the_demo_closes_on_thanksgiving_christmas_and_new_years_day(db):
    from bookings.demo import closures_demo_load

    closures_demo_load(today=date(2026, 11, 30))
    days = {c.day: c.reason for c in Closure.objects.all()}
    assert days[date(2026, 11, 26)] == "Thanksgiving"
    assert days[date(2026, 12, 25)] == "Christmas Day"
    assert days[date(2027, 1, 1)] == "New Year's Day"
    assert Closure.objects.get(day=date(2026, 12, 24)).closes_at == time(14)


def test_a_manager_booking_outside_hours_is_refused_on_a_closure_by_name(
    clinic, manager, frozen_monday
):
    Closure.objects.create(day=NEXT_MONDAY.date(), reason="Staff training")
    evening = NEXT_MONDAY + timedelta(hours=10)  # 7 PM: outside Dana's hours, on the closure
    try:
        services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=evening,
            provider=clinic.dana,
            patient_details=patient_details(),
            source="phone",
            actor=manager,
            online=False,
            outside_hours=True,
        )
    except services.BookingError as refused:
        assert "The clinic is closed then (Staff training)" in str(refused)
    else:
        raise AssertionError("booked outside hours on a closure")
    assert not Booking.objects.exists()

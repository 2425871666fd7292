"""Every "bookings overlapping this window" read bounds the start from below as well as above,
so it reads the window's rows through the (start) indexes instead of every booking since the
clinic opened: no booking holds its time longer than MAX_BOOKING_SPAN."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import MAX_BOOKING_SPAN, AppointmentType
from bookings.selectors import bookings_overlapping, slots_available
from tests.factories import MONDAY, BookingFactory, as_user

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date()
BOOKING_READ = re.compile(r'FROM "bookings_booking"')


def _booking_reads(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    reads = [q["sql"] for q in captured.captured_queries if BOOKING_READ.search(q["sql"])]
    assert reads, "no booking was read"
    return reads


def _bounded_on_both_sides(sql: str) -> bool:
    return '"bookings_booking"."start" <' in sql and '"bookings_booking"."start" >' in sql


def test_bookings_overlapping_finds_the_longest_booking_reaching_into_the_window(
    clinic, frozen_monday
):
    longest = AppointmentType.objects.create(
        name="All day",
        slug="all-day",
        kind="consultation",
        duration_minutes=int(MAX_BOOKING_SPAN.total_seconds() // 60) - 10,
        buffer_after_minutes=5,
    )
    reaching = BookingFactory(
        appointment_type=longest,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY - timedelta(hours=11),
    )
    ended = BookingFactory(
        appointment_type=longest,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY - timedelta(hours=12),
    )
    found = set(bookings_overlapping(start=MONDAY, end=MONDAY + timedelta(hours=1)))
    assert reaching in found
    assert ended not in found  # held until 23:45 the day before: outside the window


def test_the_day_views_booking_read_is_bounded_below(client, clinic, frontdesk, frozen_monday):
    as_user(client, frontdesk)
    reads = _booking_reads(lambda: client.get(reverse("staff:day"), {"date": DAY.isoformat()}))
    assert all(_bounded_on_both_sides(sql) for sql in reads)


def test_the_week_views_booking_read_is_bounded_below(client, clinic, frontdesk, frozen_monday):
    as_user(client, frontdesk)
    url = reverse("staff:week", args=[clinic.dana.public_id])
    reads = _booking_reads(lambda: client.get(url, {"week": DAY.isoformat()}))
    assert all(_bounded_on_both_sides(sql) for sql in reads)


def test_the_slot_searchs_booking_read_is_bounded_below(clinic, frozen_monday):
    def search():
        slots_available(
            appointment_type=clinic.halo_session,
            treatment=clinic.halo,
            start_date=DAY,
            end_date=DAY + timedelta(days=13),
        )

    assert all(_bounded_on_both_sides(sql) for sql in _booking_reads(search))

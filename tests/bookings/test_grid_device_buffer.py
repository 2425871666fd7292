"""The laser's lane ends a booking's block where the appointment ends and draws the buffer the
device is kept free after it as a piece of its own, saying so in words ("+ 15 min buffer"), on
the grid and on the phone's list."""

import re
from zoneinfo import ZoneInfo

from django.urls import reverse

from bookings.models import AppointmentType, Provider
from bookings.selectors import day_schedule
from tests.factories import MONDAY, BookingFactory, as_user

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date()


def _lane(clinic):
    [lane] = day_schedule(day=DAY, providers=Provider.objects.all()).devices
    return lane


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_the_lane_ends_the_block_with_the_appointment_and_the_buffer_after_it(
    clinic, frozen_monday
):
    # A HALO session 9:00-10:30; the laser stays held for its 15-minute buffer, to 10:45.
    booking = BookingFactory(
        appointment_type=clinic.halo_session, provider=clinic.priya, start=MONDAY
    )
    [use] = _lane(clinic).in_use
    assert (use.start, use.end, use.label) == (booking.start, booking.end, "9:00-10:30 AM Priya")
    buffer = use.buffer
    assert (buffer.start, buffer.end) == (booking.end, booking.blocked_until)
    assert buffer.label == "+ 15 min buffer"
    # Drawn right under the block, three 5-minute rows long.
    assert (buffer.row_start, buffer.row_end) == (use.row_end, use.row_end + 3)


def test_a_device_booking_without_a_buffer_draws_none(clinic, frozen_monday):
    quick = AppointmentType.objects.create(
        name="Quick HALO touch-up",
        slug="quick-halo",
        kind="treatment",
        treatment=clinic.halo,
        resource=clinic.device,
        duration_minutes=30,
        buffer_after_minutes=0,
    )
    BookingFactory(appointment_type=quick, provider=clinic.dana, start=MONDAY)
    [use] = _lane(clinic).in_use
    assert use.label == "9:00-9:30 AM Dana" and use.buffer is None


def test_the_day_page_says_the_buffer_in_the_lane_and_on_the_phone_list(
    client, clinic, frontdesk, frozen_monday
):
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.priya, start=MONDAY)
    as_user(client, frontdesk)
    html = client.get(reverse("staff:day"), {"date": DAY.isoformat()}).content.decode()
    lane = re.search(r'<section class="sched-col sched-device".*?</section>', html, re.S).group(0)
    use = re.search(r'<div class="sched-device-use [^"]*">(.*?)</div>', lane, re.S)
    assert _words(use.group(1)) == "In use 9:00-10:30 AM Priya"
    buffer = re.search(r'<div class="sched-device-buffer [^"]*" title="([^"]*)">(.*?)</div>', lane)
    assert buffer, "no buffer drawn after the booking in the laser's lane"
    assert buffer.group(1) == "Buffer kept free until 10:45 AM"
    assert _words(buffer.group(2)) == "+ 15 min buffer, kept free until 10:45 AM"
    item = re.search(r'<li class="list-group-item sched-device-item">(.*?)</li>', html, re.S)
    assert _words(item.group(1)) == (
        "In use 9:00-10:30 AM Priya + 15 min buffer (kept free until 10:45 AM)"
    )

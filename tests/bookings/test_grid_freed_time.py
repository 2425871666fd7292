"""A cancelled or no-show booking gives its time back: the grid's free cells (the selector's
`free_starts`, decided by the one busy-intervals rule) cover that time again, and the day page
draws them as links under the released block, which stays a link of its own."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.models import Provider
from bookings.selectors import day_schedule, week_schedule
from tests.factories import MONDAY, BookingFactory, as_user

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date()
ELEVEN = MONDAY + timedelta(hours=2)  # 11:00 local


def _dana_day(clinic):
    schedule = day_schedule(day=DAY, providers=Provider.objects.filter(pk=clinic.dana.pk))
    return schedule.columns[0]


def _times(blocks) -> list[str]:
    return [f"{block.start.astimezone(CHICAGO):%H:%M}" for block in blocks]


def _consultation(clinic, **extra):
    """A free consultation with Dana at 11:00: to 11:30, its buffer to 11:40."""
    return BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=ELEVEN,
        **extra,
    )


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_the_time_a_released_booking_gave_back_is_offered_in_free_cells_beneath_it(
    clinic, frozen_monday, status
):
    released = _consultation(clinic, status=status)
    column = _dana_day(clinic)
    assert [block.booking for block in column.released] == [released]
    assert column.bookings == [] and column.buffers == []  # it holds nothing any more
    beneath = [
        cell
        for cell in column.free_starts
        if cell.start < released.blocked_until and cell.end > released.start
    ]
    # Its half hour and the one its buffer reached into are both free to book again.
    assert _times(beneath) == ["11:00", "11:30"]


def test_the_week_offers_the_freed_time_as_the_day_does(clinic, frozen_monday):
    _consultation(clinic, status="cancelled")
    week = week_schedule(week_start=DAY, provider=clinic.dana)
    monday = next(column for column in week.columns if column.day == DAY)
    assert {"11:00", "11:30"} <= set(_times(monday.free_starts))


def test_a_freed_time_booked_again_is_not_offered(clinic, frozen_monday):
    cancelled = _consultation(clinic, status="cancelled")
    taken = _consultation(clinic)
    column = _dana_day(clinic)
    assert not {"11:00", "11:30"} & set(_times(column.free_starts))
    assert [block.booking for block in column.bookings] == [taken]
    assert [block.booking for block in column.released] == [cancelled]
    assert column.released[0].beside and column.bookings[0].beside


def _rows(classes: str) -> tuple[int, int]:
    start, end = re.search(r"\brs-(\d+) re-(\d+)\b", classes).groups()
    return int(start), int(end)


def test_the_day_page_links_the_freed_time_under_the_cancelled_block(
    client, clinic, frontdesk, frozen_monday
):
    cancelled = _consultation(clinic, status="cancelled")
    as_user(client, frontdesk)
    html = client.get(reverse("staff:day"), {"date": DAY.isoformat()}).content.decode()
    link = (
        rf'<a class="([^"]*sched-released[^"]*)"[^>]*href="/staff/bookings/{cancelled.public_id}/">'
    )
    block = re.search(link, html)
    assert block, "the cancelled booking is still a link on the grid"
    start = ELEVEN.astimezone(CHICAGO).isoformat().replace(":", "%3A").replace("+", "%2B")
    cell = re.search(
        r'<a class="(sched-free [^"]*)" href="/staff/bookings/new/\?provider='
        rf'{clinic.dana.public_id}&amp;start={start}">(.*?)</a>',
        html,
    )
    assert cell, "no free cell for 11:00 with Dana"
    assert re.sub(r"<[^>]+>", "", cell.group(2)) == "Book Dana at 11:00 AM"
    (cell_top, cell_bottom), (block_top, block_bottom) = _rows(cell.group(1)), _rows(block[1])
    assert cell_top < block_bottom and cell_bottom > block_top  # the same rows: beneath it

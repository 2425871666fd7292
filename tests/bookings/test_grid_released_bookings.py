"""Cancelled and no-show bookings stay on the grid and the list, faint, labelled in words and
still a link; a legend says what each look means, the device lane included."""

import re
from zoneinfo import ZoneInfo

from django.urls import reverse

from tests.factories import MONDAY, BookingFactory, as_user

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date().isoformat()


def _day_html(client, user) -> str:
    as_user(client, user)
    response = client.get(reverse("staff:day"), {"date": DAY})
    assert response.status_code == 200
    return response.content.decode()


def _link_to(html: str, booking) -> str:
    """The grid's <a> element for a booking (the first one: the list comes after the grid)."""
    match = re.search(
        rf'<a class="([^"]*)"[^>]*href="/staff/bookings/{booking.public_id}/">(.*?)</a>', html, re.S
    )
    assert match, f"no grid link to {booking}"
    return match.group(1) + " | " + re.sub(r"\s+", " ", match.group(2))


def test_a_cancelled_booking_is_shown_faintly_as_a_link_that_says_cancelled(
    client, clinic, frontdesk, frozen_monday
):
    cancelled = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        status="cancelled",
    )
    html = _day_html(client, frontdesk)
    link = _link_to(html, cancelled)
    assert "sched-released" in link and "status-cancelled" in link
    assert "Cancelled" in link


def test_a_no_show_is_shown_faintly_and_says_no_show(client, clinic, frontdesk, frozen_monday):
    missed = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        status="no_show",
    )
    link = _link_to(_day_html(client, frontdesk), missed)
    assert "sched-released" in link and "No-show" in link


def test_a_booking_that_took_a_cancelled_time_is_drawn_beside_it(
    client, clinic, frontdesk, frozen_monday
):
    cancelled = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        status="cancelled",
    )
    taken = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    html = _day_html(client, frontdesk)
    assert "sched-beside" in _link_to(html, cancelled)
    assert "sched-beside" in _link_to(html, taken)
    assert "sched-released" not in _link_to(html, taken)


def test_the_phone_list_shows_cancelled_bookings_as_links_with_their_status(
    client, clinic, frontdesk, frozen_monday
):
    cancelled = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        status="cancelled",
    )
    html = _day_html(client, frontdesk)
    item = re.search(
        rf'<li class="[^"]*sched-released-item[^"]*">\s*<a href="/staff/bookings/'
        rf'{cancelled.public_id}/">.*?</a>\s*<span class="badge status-cancelled">Cancelled</span>',
        html,
        re.S,
    )
    assert item


def test_the_legend_names_every_look_and_the_device_lane(client, clinic, frontdesk, frozen_monday):
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.dana, start=MONDAY)
    html = _day_html(client, frontdesk)
    legend = re.search(r'<ul class="sched-legend".*?</ul>', html, re.S).group(0)
    for words in ("Requested", "Confirmed", "Checked in", "Completed", "Cancelled or no-show"):
        assert words in legend
    assert "Buffer" in legend and "Time off" in legend and "Free: click to book" in legend
    assert "HALO laser column: when the device is in use" in legend

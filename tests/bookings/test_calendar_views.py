"""The day grid coloured by service, with each booking's status and marks in words; days with
nobody working or the clinic closed say so; the month at a glance, its counts in one grouped
query; the booking page offers the day's steps before the actions that undo a visit."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import AppointmentType, Booking, Closure
from bookings.selectors.schedule import SERVICE_TINTS, service_tint
from tests.factories import MONDAY, BookingFactory, as_user, staff_user

DAY = "2027-04-12"  # MONDAY's local day: Dana and Priya work 9 to 5


def _html(client, user, name="staff:day", **params) -> str:
    as_user(client, user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def _block(html: str, booking) -> str:
    """The grid's block for a booking: its classes, then its words."""
    match = re.search(
        rf'<a class="([^"]*)"[^>]*href="/staff/bookings/{booking.public_id}/">(.*?)</a>', html, re.S
    )
    assert match, f"no grid block for {booking}"
    return match.group(1) + " | " + re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2)))


def test_blocks_are_coloured_by_service_and_each_type_keeps_its_tint(
    client, clinic, frontdesk, frozen_monday
):
    consultation = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    session = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.priya,
        start=MONDAY + timedelta(hours=2),
    )
    html = _html(client, frontdesk, date=DAY)
    consultation_class = f"service-{service_tint(clinic.consultation.pk)}"
    session_class = f"service-{service_tint(clinic.halo_session.pk)}"
    assert consultation_class != session_class
    assert consultation_class in _block(html, consultation).split(" | ")[0].split()
    assert session_class in _block(html, session).split(" | ")[0].split()
    # No longer coloured by status: the status is a chip inside the block.
    assert "status-" not in _block(html, consultation).split(" | ")[0]
    # The next day's consultation has the same tint.
    tomorrow = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(days=1),
    )
    next_day = _html(client, frontdesk, date="2027-04-13")
    assert consultation_class in _block(next_day, tomorrow).split(" | ")[0].split()


def test_the_legend_names_each_service_on_the_grid_with_its_colour(
    client, clinic, frontdesk, frozen_monday
):
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.dana, start=MONDAY)
    html = _html(client, frontdesk, date=DAY)
    services = re.search(r'<ul class="sched-legend sched-services".*?</ul>', html, re.S).group(0)
    tint = service_tint(clinic.halo_session.pk)
    assert f'<span class="sched-swatch service-{tint}"></span>HALO session' in services
    assert "Free consultation" not in services  # only what is on the grid


def test_eight_types_get_eight_different_tints(db):
    tints = {service_tint(type_id) for type_id in range(1, SERVICE_TINTS + 1)}
    assert tints == set(range(SERVICE_TINTS))


def test_a_block_says_its_status_with_an_icon_and_its_flags_and_first_visit_in_words(
    client, clinic, frontdesk, frozen_monday
):
    booking = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        email="new@example.com",
    )
    Booking.objects.filter(pk=booking.pk).update(
        intake_flags=["Recent sun exposure or tan.", "Active acne."]
    )
    html = _html(client, frontdesk, date=DAY)
    block = _block(html, booking)
    assert "Confirmed" in block and "2 flags" in block and "1st visit" in block
    assert "Pat new" in block and "Free consultation" in block
    raw = re.search(rf'href="/staff/bookings/{booking.public_id}/">(.*?)</a>', html, re.S)
    assert '<use href="#icon-confirmed">' in raw.group(1)
    assert '<use href="#icon-flag">' in raw.group(1)
    assert 'id="icon-confirmed"' in html  # the sprite the icons point to is on the page


def test_a_patient_past_her_start_without_a_check_in_shows_as_not_arrived(
    client, clinic, frontdesk, frozen_monday
):
    booking = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        email="late@example.com",
    )
    assert "Not arrived" not in _block(_html(client, frontdesk, date=DAY), booking)

    frozen_monday.move_to(MONDAY + timedelta(minutes=12))
    assert "Not arrived · 12 min late" in _block(_html(client, frontdesk, date=DAY), booking)

    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CHECKED_IN)
    assert "Not arrived" not in _block(_html(client, frontdesk, date=DAY), booking)


def test_a_returning_patient_is_not_a_first_visit_but_after_a_cancelled_one_still_is(
    client, clinic, frontdesk, frozen_monday
):
    came_before = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY - timedelta(days=7),
        email="a@x.org",
    )
    Booking.objects.filter(pk=came_before.pk).update(status="completed")
    returning = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        email="a@x.org",
    )
    cancelled_before = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY - timedelta(days=7),
        status="cancelled",
        email="b@x.org",
    )
    still_new = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY,
        email="b@x.org",
    )
    html = _html(client, frontdesk, date=DAY)
    assert "1st visit" not in _block(html, returning)
    assert "1st visit" in _block(html, still_new)
    assert cancelled_before.patient == still_new.patient


def test_a_day_nobody_works_and_a_closed_day_are_labelled(client, clinic, frontdesk):
    sunday = _html(client, frontdesk, date="2027-04-11")  # nobody has Sunday hours
    assert "No provider working today." in sunday
    assert sunday.count("Not working today") == 2  # one in each column
    Closure.objects.create(day=date(2027, 4, 12), reason="Staff training")
    closed = _html(client, frontdesk, date=DAY)
    assert "Closed: Staff training" in closed
    assert closed.count(">Clinic closed<") == 2
    assert "No provider working today." not in closed  # the closure says why


def test_a_provider_alone_on_her_grid_is_told_she_is_not_working(client, clinic, provider_dana):
    html = _html(client, provider_dana, date="2027-04-11")
    assert "Dana is not working today." in html


def test_the_laser_lane_shows_when_the_device_is_in_use(client, clinic, frontdesk, frozen_monday):
    BookingFactory(appointment_type=clinic.halo_session, provider=clinic.priya, start=MONDAY)
    html = _html(client, frontdesk, date=DAY)
    lane = re.search(r'<section class="sched-col sched-device".*?</section>', html, re.S).group(0)
    assert "HALO laser" in lane and "9:00-10:30 AM Priya" in lane
    assert "+ 15 min buffer" in lane  # held to 10:45, and the lane says why


def test_the_day_and_week_link_each_provider_and_day_to_its_day_sheet_and_the_month(
    client, clinic, frontdesk
):
    day = _html(client, frontdesk, date=DAY)
    for provider in (clinic.dana, clinic.priya):
        sheet = reverse("staff:day_sheet", args=[provider.public_id])
        assert f'href="{sheet}?date={DAY}"' in day
    assert f'href="{reverse("staff:month")}?month=2027-04"' in day
    week = client.get(reverse("staff:week", args=[clinic.dana.public_id]), {"week": DAY})
    sheet = reverse("staff:day_sheet", args=[clinic.dana.public_id])
    for offset in range(7):
        assert f'href="{sheet}?date={date(2027, 4, 12 + offset)}"' in week.content.decode()


# -- the month ---------------------------------------------------------------------------

# Session, user, two permission reads, the grouped counts, the working weekdays, the
# closures, the clinic, and the menu's two badges.
MONTH_QUERIES = 10


def _month_of_bookings(clinic, per_day: int) -> None:
    kind = AppointmentType.objects.create(
        name="Quick check", slug="quick", kind="consultation", duration_minutes=5
    )
    for day in range(0, 20, 3):
        for index in range(per_day):
            BookingFactory(
                appointment_type=kind,
                treatment=clinic.halo,
                provider=clinic.dana,
                start=MONDAY + timedelta(days=day, minutes=5 * index),
                status="cancelled" if index == 0 else "confirmed",
            )


@pytest.mark.parametrize("per_day", [1, 12])
def test_the_month_takes_the_same_few_queries_however_many_bookings(
    client, clinic, frontdesk, per_day, django_assert_num_queries
):
    _month_of_bookings(clinic, per_day)
    as_user(client, frontdesk)
    with django_assert_num_queries(MONTH_QUERIES):
        response = client.get(reverse("staff:month"), {"month": "2027-04"})
    assert response.status_code == 200


def _day_cell(html: str, day: str) -> str:
    link = rf'<a class="month-day-link" href="/staff/schedule/\?date={day}"'
    match = re.search(rf'<li class="month-day[^"]*">\s*{link}.*?</li>', html, re.S)
    assert match, f"no cell for {day}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_each_day_of_the_month_counts_its_bookings_and_opens_its_schedule(
    client, clinic, frontdesk
):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY,
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=2),
        status="cancelled",
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY + timedelta(hours=3),
        status="no_show",
    )
    Closure.objects.create(day=date(2027, 4, 19), reason="Staff training")
    html = _html(client, frontdesk, "staff:month", month="2027-04")
    monday = _day_cell(html, DAY)
    assert "2 booked" in monday and "1 cancelled" in monday and "1 no-show" in monday
    assert "No bookings" in _day_cell(html, "2027-04-13")
    assert "Closed: Staff training" in _day_cell(html, "2027-04-19")
    assert "No one working" in _day_cell(html, "2027-04-18")  # a Sunday
    assert html.count('class="month-day-link"') == 30
    assert 'href="?month=2027-03"' in html and 'href="?month=2027-05"' in html


def test_a_provider_counts_only_her_own_bookings(client, clinic, provider_dana):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY,
    )
    html = _html(client, provider_dana, "staff:month", month="2027-04")
    assert "1 booked" in _day_cell(html, DAY)


@pytest.mark.parametrize("value", ["2027-13", "nonsense", "2027-04-12", "2027-4", "9999-01"])
def test_an_unreadable_month_shows_this_month(client, clinic, frontdesk, value):
    html = _html(client, frontdesk, "staff:month", month=value)
    assert f'<h1 class="h4 me-auto mb-0">{timezone.localdate():%B %Y}</h1>' in html


def test_the_month_is_for_staff_with_the_schedule_only(client, clinic):
    as_user(client, staff_user("nobody", None))
    assert client.get(reverse("staff:month")).status_code == 403


# -- the booking page's buttons ---------------------------------------------------------


def test_the_booking_page_offers_the_days_steps_before_no_show_and_cancel(
    client, clinic, frontdesk, frozen_monday
):
    frozen_monday.move_to(MONDAY + timedelta(minutes=10))  # started: no-show is open
    booking = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    as_user(client, frontdesk)
    response = client.get(reverse("staff:booking", args=[booking.public_id]))
    offered = [status for status, _ in response.context["transitions"]]
    assert offered == ["checked_in", "no_show", "cancelled"]

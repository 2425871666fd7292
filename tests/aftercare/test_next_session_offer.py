"""The timeline's next-session card: the first day of the series' window with a time free (not
a day the clinic is closed), the session already booked when there is one, and a call to the
clinic when the window has no time left."""

from datetime import date, timedelta

import pytest

from aftercare import services
from aftercare.links import course_timeline_path
from bookings.links import booking_manage_path
from bookings.models import Closure
from tests.factories import MONDAY, THREE_WEEKS, complete, halo_session
from tests.readable import readable

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago
DUE = date(2027, 5, 31)  # 28 days on, a Monday (the test clinic works Mondays only)


@pytest.fixture
def course(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    frozen_monday.move_to(SESSION + timedelta(days=3))
    return course


def _card(client, course) -> str:
    html = client.get(course_timeline_path(course)).content.decode()
    start = html.index('id="next-session"')
    return readable(html[start : html.index("</section>", start)])


def test_the_series_continues_from_the_first_day_with_a_free_time(client, course):
    assert services.next_session_offer(course)["first_free"] == DUE
    assert "Your series continues from Monday 31 May." in _card(client, course)


def test_a_day_the_clinic_is_closed_is_never_offered_as_the_first(client, course):
    Closure.objects.create(day=DUE, reason="Memorial Day")
    assert services.next_session_offer(course)["first_free"] == DUE + timedelta(days=7)
    assert "continues from Monday 7 June" in _card(client, course)


def test_a_next_session_already_booked_is_shown_with_its_own_link(
    client, course, clinic, frozen_monday
):
    booked = halo_session(clinic, course.patient, SESSION + timedelta(days=28))
    assert services.next_session_offer(course) == {"booked": booked}
    card = _card(client, course)
    assert "Booked for Monday 31 May at 10:00 AM, with Dana." in card
    html = client.get(course_timeline_path(course)).content.decode()
    assert f'href="{booking_manage_path(booked)}"' in html
    assert "Book your next session" not in card


def test_a_window_with_no_time_left_says_to_call(client, course):
    for week in range(5):
        Closure.objects.create(day=DUE + timedelta(days=7 * week), reason="Refurbishment")
    assert services.next_session_offer(course)["first_free"] is None
    assert "no free times left online" in _card(client, course)

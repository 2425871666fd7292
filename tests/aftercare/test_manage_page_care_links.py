"""The aftercare timeline is reachable without any email: from the booking's own manage page."""

from datetime import timedelta

from bookings.links import booking_manage_path
from tests.factories import MONDAY, THREE_WEEKS, complete, halo_session

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)


def test_an_upcoming_session_links_to_how_to_prepare(client, plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    page = client.get(booking_manage_path(booking)).content.decode()
    assert "How to prepare for your session" in page
    assert "/aftercare/" in page


def test_a_completed_session_links_to_its_aftercare(
    client, plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    page = client.get(booking_manage_path(booking)).content.decode()
    assert "Your aftercare, day by day" in page
    timeline = page.split('class="btn btn-cta" href="')[1].split('"')[0]
    response = client.get(timeline)
    assert response.status_code == 200
    assert course.treatment.name in response.content.decode()


def test_a_consultation_has_no_aftercare_link(client, consulted_patient):
    booking = consulted_patient.bookings.get()
    page = client.get(booking_manage_path(booking)).content.decode()
    assert "aftercare" not in page.lower()
    assert "Choose which messages you get" in page

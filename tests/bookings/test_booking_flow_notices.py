"""What the booking flow tells a patient before and after: the cancellation policy on steps 2
and 3, a warning when the chosen time is already inside the window, the privacy page, and a
cancelled booking's link saying it was cancelled (and when)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.links import booking_manage_path
from tests.bookings.conftest import MONDAY, details


@pytest.fixture(autouse=True)
def _no_rate_limit_leak(settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"


def test_steps_two_and_three_state_the_cancellation_policy(client, clinic, frozen_monday):
    assert "until 24 hours before your appointment" in client.get("/book/halo/").content.decode()
    later = (MONDAY + timedelta(days=7)).isoformat()
    page = client.get("/book/halo/details/", {"start": later}).content.decode()
    assert "until 24 hours before your appointment" in page
    assert reverse("treatments:privacy") in page
    assert "less than 24 hours away" not in page


def test_a_time_inside_the_window_says_so_before_the_patient_confirms(
    client, clinic, frozen_monday
):
    page = client.get("/book/halo/details/", {"start": MONDAY.isoformat()}).content.decode()
    assert "less than 24 hours away: once it's booked, it can't be moved" in page


def test_the_privacy_page_says_what_who_why_and_how_to_ask(client, clinic):
    page = client.get(reverse("treatments:privacy")).content.decode()
    for words in ("What we keep", "Why", "Who sees it", "A copy, a correction, or erasure"):
        assert words in page
    assert reverse("treatments:privacy") in client.get("/").content.decode()  # the footer


def test_a_cancelled_bookings_link_says_it_was_cancelled_and_when(client, clinic, frozen_monday):
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient_details=details(),
        source="online",
    )
    link = booking_manage_path(booking)
    services.booking_cancel(booking=booking, reason="Travel", by_patient=True)
    response = client.get(link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This appointment was cancelled" in page
    assert "was cancelled on Sunday 11 April" in page
    assert "no longer valid" not in page

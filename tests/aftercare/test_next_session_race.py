"""One next session at a time, under a race: ten simultaneous bookings from the timeline (a
double tap, two tabs) book one session; the rest find it booked."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from aftercare import services
from bookings.models import Booking
from tests.factories import MONDAY, THREE_WEEKS, complete, halo_session

pytestmark = pytest.mark.django_db(transaction=True)

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago
RACERS = 10


def test_ten_simultaneous_next_session_bookings_book_one(
    plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    # Ten times that do not overlap on the laser: three Mondays inside the window.
    starts = [
        SESSION + timedelta(days=28 + 7 * week, minutes=-60 + 105 * slot)
        for week in range(3)
        for slot in range(4)
    ][:RACERS]
    barrier = threading.Barrier(RACERS)
    outcomes, lock = [], threading.Lock()

    def run(start) -> None:
        try:
            barrier.wait(timeout=30)
            result = services.next_session_book(
                course=course, appointment_type=clinic.halo_session, start=start
            )
        except Exception as error:
            result = error
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(start,)) for start in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    booked = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, services.NextSessionAlreadyBooked)]
    assert (len(booked), len(refused)) == (1, RACERS - 1), outcomes
    assert Booking.objects.filter(patient=course.patient, start__gt=SESSION).count() == 1

"""The consent state on the grid costs three queries for the whole day, however many
treatment sessions are on it."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking
from consent.models import FormRequest
from tests.bookings.test_day_view_queries import DAY_VIEW_QUERIES
from tests.factories import MONDAY, BookingFactory, as_user, sign


def sessions(clinic, count: int, *, weeks: int = 0) -> list[Booking]:
    made = []
    for index in range(count):
        start = MONDAY + timedelta(weeks=weeks, minutes=105 * index)
        made.append(
            BookingFactory(
                appointment_type=clinic.halo_session,
                provider=clinic.dana,
                start=start,
                email=f"s{weeks}-{index}@x.org",
            )
        )
    return made


def day_queries(client, day: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/staff/schedule/", {"date": day})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_grid_shows_each_sessions_consent_in_three_queries_at_any_size(
    client, clinic, forms, frontdesk, frozen_monday
):
    as_user(client, frontdesk)
    first = sessions(clinic, 1)
    FormRequest.objects.create(patient=first[0].patient, template=forms[1], booking=first[0])
    one, html = day_queries(client, "2027-04-12")
    assert one == DAY_VIEW_QUERIES + 3
    assert "Consent sent" in html
    many = sessions(clinic, 4, weeks=1)
    for booking in many[:2]:
        request = FormRequest.objects.create(
            patient=booking.patient, template=forms[1], booking=booking
        )
        sign(request)
    four, html = day_queries(client, "2027-04-19")
    assert four == one
    # On the blocks (the legend shows each tag once more, without a title).
    assert html.count('sched-form-signed" title=') == 2
    assert html.count("Consent missing") == 2

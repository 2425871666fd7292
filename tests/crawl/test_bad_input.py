"""Invalid input the views and services must refuse, whole, with nothing changed (issue 8,
section 2: "hours-TOTAL_FORMS=-1 deletes all of a provider's hours", "a 400-character reason
is silently cut to 300")."""

import pytest

from bookings.models import Booking, WorkingHours

from .demo import role_client

# One worker runs this module's tests, on one load of the demo (tests/conftest.py `demo`).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-bad-input")]

FORM = "application/x-www-form-urlencoded"


def _hours_post(demo, total_forms: str):
    client = role_client("manager")
    hours = list(demo.dana.working_hours.order_by("weekday", "start"))
    fields = {
        "hours-TOTAL_FORMS": total_forms,
        "hours-INITIAL_FORMS": str(len(hours)),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(hours):
        fields[f"hours-{index}-weekday"] = str(row.weekday)
        fields[f"hours-{index}-start"] = f"{row.start:%H:%M}"
        fields[f"hours-{index}-end"] = f"{row.end:%H:%M}"
    url = f"/staff/schedule/provider/{demo.dana.public_id}/hours/"
    return client.post(url, fields)


def _hours(provider) -> list:
    return list(
        WorkingHours.objects.filter(provider=provider).values_list("weekday", "start", "end")
    )


@pytest.mark.parametrize("total_forms", ["-1", "100000000"])
def test_an_impossible_number_of_hour_rows_is_refused_and_keeps_every_hour(demo, total_forms):
    before = _hours(demo.dana)
    ids = set(WorkingHours.objects.filter(provider=demo.dana).values_list("pk", flat=True))

    response = _hours_post(demo, total_forms)

    assert response.status_code in (200, 400)  # the form again, with its error
    assert _hours(demo.dana) == before
    assert set(WorkingHours.objects.filter(provider=demo.dana).values_list("pk", flat=True)) == ids


def test_a_400_character_cancellation_reason_is_refused_not_cut_to_300(demo):
    booking = Booking.objects.filter(status=Booking.Status.CONFIRMED).order_by("start").first()
    client = role_client("front desk")

    response = client.post(
        f"/staff/bookings/{booking.public_id}/status/", {"to": "cancelled", "reason": "x" * 400}
    )

    booking.refresh_from_db()
    assert response.status_code in (302, 400)  # a form error, on the page or after a redirect
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.cancellation_reason == ""

"""The day view's query count is fixed: it does not grow with providers or bookings."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import AppointmentType, Booking, Patient, TimeOff
from tests.factories import MONDAY, as_user, provider_make

DAY = "2027-04-12"


def _clinic_day(clinic, *, providers: int, per_provider: int) -> None:
    short = AppointmentType.objects.create(
        name="Quick check", slug="quick", kind="consultation", duration_minutes=10
    )
    people = [clinic.dana, clinic.priya] + [
        provider_make(f"Extra {i}", [clinic.halo], hours=((0, "07:00", "19:00"),))
        for i in range(providers - 2)
    ]
    patients = Patient.objects.bulk_create(
        Patient(first_name="P", last_name=str(i), email=f"p{i}@example.com", phone="1")
        for i in range(providers * per_provider)
    )
    rows = []
    for column, provider in enumerate(people):
        TimeOff.objects.create(
            provider=provider,
            start=MONDAY + timedelta(hours=11),
            end=MONDAY + timedelta(hours=11, minutes=5),
        )
        for index in range(per_provider):
            start = MONDAY - timedelta(hours=2) + timedelta(minutes=10 * index)
            rows.append(
                Booking(
                    patient=patients[column * per_provider + index],
                    provider=provider,
                    appointment_type=short,
                    treatment=clinic.halo,
                    start=start,
                    end=start + timedelta(minutes=10),
                    blocked_until=start + timedelta(minutes=10),
                    source="phone",
                    status=["confirmed", "checked_in", "cancelled"][index % 3],
                )
            )
    Booking.objects.bulk_create(rows)


def _queries(client, user) -> tuple[int, str]:
    as_user(client, user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("staff:day"), {"date": DAY})
    assert response.status_code == 200
    return len(captured), response.content.decode()


# Session, user, two permission reads, providers, their hours, time off, bookings, the
# clinic's closures, the clinic, the menu's two badges (open concerns, texts waiting), and
# the audit row of the look.
DAY_VIEW_QUERIES = 13


@pytest.mark.parametrize("per_provider", [5, 60])
def test_the_day_view_for_five_providers_takes_thirteen_queries_at_any_size(
    client, clinic, frontdesk, frozen_monday, per_provider, django_assert_num_queries
):
    _clinic_day(clinic, providers=5, per_provider=per_provider)
    as_user(client, frontdesk)
    with django_assert_num_queries(DAY_VIEW_QUERIES):
        response = client.get(reverse("staff:day"), {"date": DAY})
    html = response.content.decode()
    cancelled = per_provider // 3
    blocks = re.findall(r'class="sched-booking service-\d( sched-released)?', html)
    assert len(blocks) == 5 * per_provider
    assert blocks.count(" sched-released") == 5 * cancelled


@pytest.mark.parametrize("per_provider", [5, 60])
def test_the_week_view_takes_as_many_queries_at_any_size(
    client, clinic, frontdesk, frozen_monday, per_provider, django_assert_num_queries
):
    _clinic_day(clinic, providers=2, per_provider=per_provider)
    as_user(client, frontdesk)
    # Two more: the provider named in the URL, and whether the viewer may see them.
    with django_assert_num_queries(DAY_VIEW_QUERIES + 2):
        response = client.get(reverse("staff:week", args=[clinic.dana.public_id]), {"week": DAY})
    assert response.status_code == 200


def test_the_query_count_is_the_same_for_5_and_300_bookings(
    client, clinic, frontdesk, frozen_monday
):
    _clinic_day(clinic, providers=5, per_provider=5)
    small, _ = _queries(client, frontdesk)
    Booking.objects.all().delete()
    Patient.objects.all().delete()
    AppointmentType.objects.filter(slug="quick").delete()
    TimeOff.objects.all().delete()
    from bookings.models import Provider

    Provider.objects.filter(display_name__startswith="Extra").delete()
    _clinic_day(clinic, providers=5, per_provider=60)
    large, _ = _queries(client, frontdesk)
    assert small == large


def test_looking_at_the_day_or_a_week_is_recorded_with_the_patients_on_it(
    client, clinic, frontdesk, frozen_monday
):
    from bookings.models import AuditEntry

    _clinic_day(clinic, providers=2, per_provider=3)
    as_user(client, frontdesk)
    client.get(reverse("staff:day"), {"date": DAY})
    client.get(reverse("staff:week", args=[clinic.dana.public_id]), {"week": DAY})

    day_row, week_row = AuditEntry.objects.filter(action="view").order_by("id")
    on_the_day = {str(p) for p in Booking.objects.values_list("patient__public_id", flat=True)}
    assert (day_row.what, day_row.actor) == ("schedule day", frontdesk)
    assert set(day_row.detail["patients"]) == on_the_day
    assert week_row.what == "schedule week"
    assert set(week_row.detail["patients"]) == set(
        str(p)
        for p in Booking.objects.filter(provider=clinic.dana).values_list(
            "patient__public_id", flat=True
        )
    )

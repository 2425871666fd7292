"""The patient page's side-by-side of a series (sessions as columns, areas and settings as
rows) costs the same number of queries for 1 session as for 40."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charting import selectors, services
from tests.factories import FIRST_SESSION, BookingFactory, as_user, chart_details

pytestmark = pytest.mark.django_db


def sessions_chart(clinic, patient, dana, device, areas, count, *, days=0):
    for week in range(count):
        booking = BookingFactory(
            appointment_type=clinic.halo_session,
            provider=clinic.dana,
            start=FIRST_SESSION + timedelta(weeks=week, days=days),
            patient=patient,
            status="completed",
        )
        services.chart_save(
            booking=booking,
            actor=dana,
            details=chart_details(device, areas, coverage=str(10 + week % 40)),
            sign_off=week % 2 == 0,
        )


def patient_page_queries(client, patient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:patient", args=[patient.public_id]))
    assert response.status_code == 200
    return len(queries)


def test_forty_sessions_cost_no_more_queries_than_one(
    client, clinic, patient, provider_dana, halo_device, areas
):
    from tests.factories import PatientFactory

    other = PatientFactory()
    sessions_chart(clinic, patient, provider_dana, halo_device, areas, 1)
    sessions_chart(clinic, other, provider_dana, halo_device, areas, 40, days=1)
    with CaptureQueriesContext(connection) as one:
        series = selectors.series_side_by_side(patient)
    with CaptureQueriesContext(connection) as forty:
        many = selectors.series_side_by_side(other)
    assert len(many[0].charts) == 40 and len(series[0].charts) == 1
    assert len(forty) == len(one) <= 3

    as_user(client, provider_dana)
    assert patient_page_queries(client, other) == patient_page_queries(client, patient)


def test_the_rows_are_the_areas_and_their_settings_and_the_columns_the_sessions(
    clinic, patient, provider_dana, halo_device, areas
):
    sessions_chart(clinic, patient, provider_dana, halo_device, areas[:2], 3)
    (series,) = selectors.series_side_by_side(patient)
    labels = [row.label for row in series.rows]
    assert labels.index("Full face") < labels.index("Neck")
    coverage = next(row for row in series.rows if row.label == "Ablative coverage (%)")
    assert coverage.cells == ["10", "11", "12"]

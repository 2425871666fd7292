"""The bookings CSV: streamed, UTF-8 with a byte order mark, safe to open in a spreadsheet,
reading only the exported columns, and on record before the first byte leaves."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import AuditEntry
from bookings.selectors.reports import csv_cell_neutralise
from tests.factories import MONDAY, BookingFactory, PatientFactory, as_user
from treatments.models import Treatment

EXPORT = {"start": "2027-04-12", "end": "2027-04-12"}


def export_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_export_streams_utf8_with_a_bom_so_excel_shows_accented_names(
    client, clinic, manager, frozen_monday
):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        patient=PatientFactory(first_name="Zoë", last_name="Ångström-Núñez"),
    )
    response = as_user(client, manager).get(reverse("staff:export_range"), EXPORT)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["date", "start", "end"]
    assert rows[1][:5] == ["2027-04-12", "09:00", "09:30", "Dana", "Zoë Ångström-Núñez"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(start):
    assert csv_cell_neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert csv_cell_neutralise("Ana = Patient") == "Ana = Patient"


def test_a_formula_typed_into_the_booking_form_reaches_the_export_as_text(
    client, clinic, manager, frozen_monday
):
    patient = PatientFactory(
        first_name='=HYPERLINK("http://evil.example")',
        last_name="x",
        email="@evil@example.com",
        phone="+1 312 555 0111",
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        patient=patient,
    )
    rows = export_rows(as_user(client, manager).get(reverse("staff:export_range"), EXPORT))
    name, email, phone = rows[1][4:7]
    assert name == """'=HYPERLINK("http://evil.example") x"""
    assert (email, phone) == ("'@evil@example.com", "(312) 555-0111")


def test_a_foreign_phone_keeps_the_formula_guard(client, clinic, manager, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        patient=PatientFactory(phone="+442079460018"),
    )
    rows = export_rows(as_user(client, manager).get(reverse("staff:export_range"), EXPORT))
    assert rows[1][6] == "'+44 20 7946 0018"


def test_the_export_is_on_record_before_its_first_byte(client, clinic, manager, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    response = as_user(client, manager).get(reverse("staff:export_range"), EXPORT)
    entry = AuditEntry.objects.get(action="export")  # nothing read from the stream yet
    assert (entry.actor, entry.detail) == (manager, {"from": "2027-04-12", "to": "2027-04-12"})
    assert len(export_rows(response)) == 2


def test_the_export_reads_only_its_columns_in_the_same_queries_for_any_size(
    client, clinic, manager, frozen_monday
):
    page_text = [
        f.column for f in Treatment._meta.concrete_fields if f.get_internal_type() == "TextField"
    ]
    as_user(client, manager)

    def export_queries() -> tuple[list[list[str]], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            rows = export_rows(client.get(reverse("staff:export_range"), EXPORT))
        return rows, [query["sql"] for query in queries]

    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    few_rows, few = export_queries()
    for i in range(1, 12):
        BookingFactory(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            provider=clinic.dana,
            start=MONDAY + timedelta(minutes=45 * i),
        )
    many_rows, many = export_queries()
    assert (len(few_rows), len(many_rows)) == (2, 13)
    assert len(few) == len(many)
    select = next(sql for sql in many if 'FROM "bookings_booking"' in sql)
    assert not [column for column in page_text if f'"{column}"' in select]
    assert "intake_answers" not in select and "manage_token" not in select


def test_a_day_export_streams_the_days_bookings(client, clinic, manager, frozen_monday):
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    response = as_user(client, manager).get(reverse("staff:export_day"), {"date": "2027-04-12"})
    assert response.streaming
    assert export_rows(response)[1][:2] == ["2027-04-12", "09:00"]

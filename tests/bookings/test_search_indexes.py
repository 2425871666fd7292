"""Patient search can be answered by trigram indexes instead of reading every patient: for
each lookup the search uses (`icontains` on the names and the email, `contains` on the phone's
digits) PostgreSQL's plan names its index. The test table is small, so a sequential scan is
priced out to see which index matches; on the five-year dataset (30,000 patients, `make
bench`) the planner picks these indexes on its own."""

import pytest
from django.db import connection

from bookings.models import Patient, patient_whole_name

FIRST = ["Ana", "Ben", "Chloe", "Diego", "Emma", "Farah", "Grace", "Hiro", "Isla", "Jonah"]
LAST = ["Anderson", "Brooks", "Castillo", "Dubois", "Eriksen", "Okafor", "Rossi", "Tanaka"]


@pytest.fixture
def many_patients(db):
    Patient.objects.bulk_create(
        Patient(
            first_name=f"{FIRST[i % len(FIRST)]}{i}",
            last_name=f"{LAST[i % len(LAST)]}{i}",
            email=f"patient{i}@example.com",
            phone=f"(312) 55{i:05d}",
            phone_digits=f"31255{i:05d}",
        )
        for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bookings_patient")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's transaction only
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("lookup", "value", "index"),
    [
        ("first_name__icontains", "hiro1327", "patient_first_trgm"),
        ("last_name__icontains", "okafor125", "patient_last_trgm"),
        ("email__icontains", "PATIENT1321@", "patient_email_trgm"),
        ("phone_digits__contains", "5501321", "patient_phone_trgm"),
    ],
)
def test_each_search_lookup_is_answered_by_its_trigram_index(many_patients, lookup, value, index):
    found = Patient.objects.filter(**{lookup: value})
    assert found.exists()
    assert index in plan(found.values("pk")), plan(found.values("pk"))


def test_the_indexes_are_on_the_expressions_icontains_compiles_to(db):
    # UPPER("first_name"::text) LIKE UPPER(%s): an index on plain first_name would never match.
    sql = str(Patient.objects.filter(first_name__icontains="x").query)
    assert 'UPPER("bookings_patient"."first_name"::text)' in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'patient_first_trgm'")
        assert "upper((first_name)::text) gin_trgm_ops" in cursor.fetchone()[0]


def test_a_search_of_the_whole_name_matches_every_word_in_one_index(many_patients):
    # What the search can ask instead of "first OR last name" per word (see Patient.Meta).
    name = patient_whole_name()
    found = Patient.objects.alias(name=name).filter(name__icontains="hiro1327")
    found = found.filter(name__icontains="tanaka")
    assert found.exists()
    assert "patient_name_trgm" in plan(found.values("pk"))

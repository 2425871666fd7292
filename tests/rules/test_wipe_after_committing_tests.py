"""After a test that needs real commits, the tables are emptied by DELETE with the triggers
off for that one transaction (tests/conftest.py `_flush_by_delete`), not by Django's
TRUNCATE. The wipe must leave nothing behind, the append-only rows included, and must leave
the triggers on for the next test."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from bookings.models import AuditEntry
from tests.factories import MONDAY, BookingFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _rows_left() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return {table: count for table, count in counts.items() if count}


def test_the_wipe_empties_every_table_the_audit_log_included_and_keeps_its_trigger(clinic):
    BookingFactory(
        patient=PatientFactory(),
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=MONDAY,
    )
    AuditEntry.objects.create(action=AuditEntry.Action.VIEW, what="patient")
    assert {"bookings_booking", "bookings_auditentry"} <= set(_rows_left())

    # What Django runs after such a test (TransactionTestCase._fixture_teardown), without
    # the post_migrate signal that then puts the permissions and roles back.
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        reset_sequences=False,
        allow_cascade=False,
        inhibit_post_migrate=True,
    )

    assert _rows_left() == {}
    # The triggers were off for the wipe's transaction only.
    entry = AuditEntry.objects.create(action=AuditEntry.Action.VIEW, what="patient")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # And the foreign keys are checked again.
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        AuditEntry.objects.create(action=AuditEntry.Action.VIEW, what="patient", patient_id=-1)

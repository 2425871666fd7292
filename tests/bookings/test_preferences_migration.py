"""Replacing the single reminders box with per-kind switches keeps what each patient had."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

BEFORE = [("bookings", "0007_roles_merges_and_patient_overlap")]
AFTER = [("bookings", "0008_care_message_preferences")]


def _empty_schema_use():
    """Puts an empty PostgreSQL schema first on the search path for the rest of the test's
    transaction: the migrations below create their tables there, and the test's rollback
    removes them.

    Taking the test database itself back to 0007 meant unapplying the 27 migrations (of six
    apps) that depend on 0008 and applying them again afterwards, 14 s, nearly all of it
    Django working out the models at each step. An empty schema needs only the 12 migrations
    up to 0007, forwards, as a clinic's own database once ran them. `public` stays on the
    path for the extensions' operator classes (gin_trgm_ops, btree_gist); every table,
    function and trigger the migrations make lands in the new schema."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA preferences_migration")
        cursor.execute("SET LOCAL search_path TO preferences_migration, public")
    # Created here: the recorder would find public's django_migrations on the path (every
    # migration applied) and make none of its own.
    with connection.schema_editor() as editor:
        editor.create_model(MigrationRecorder.Migration)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db
def test_patients_keep_what_they_chose():
    _empty_schema_use()
    old = _migrate(BEFORE)
    Patient = old.get_model("bookings", "Patient")
    Patient.objects.create(
        first_name="On", last_name="P", email="on@example.com", consents_to_reminders=True
    )
    Patient.objects.create(
        first_name="Off", last_name="P", email="off@example.com", consents_to_reminders=False
    )
    new = _migrate(AFTER)
    rows = {
        p.first_name: (
            p.wants_appointment_reminders,
            p.wants_care_tips,
            p.wants_next_session_nudge,
        )
        for p in new.get_model("bookings", "Patient").objects.all()
    }
    assert rows == {"On": (True, True, True), "Off": (False, False, False)}
    # And back: the migration's reverse (one box again) still runs, as it did when this test
    # took the whole test database back and forth.
    _migrate(BEFORE)

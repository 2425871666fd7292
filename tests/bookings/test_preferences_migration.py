"""Replacing the single reminders box with per-kind switches keeps what each patient had."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("bookings", "0007_roles_merges_and_patient_overlap")]
AFTER = [("bookings", "0008_care_message_preferences")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_patients_keep_what_they_chose():
    old = _migrate(BEFORE)
    Patient = old.get_model("bookings", "Patient")
    Patient.objects.create(
        first_name="On", last_name="P", email="on@example.com", consents_to_reminders=True
    )
    Patient.objects.create(
        first_name="Off", last_name="P", email="off@example.com", consents_to_reminders=False
    )
    try:
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
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

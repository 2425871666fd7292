"""Roles get the permissions that split completing from checking in, and editing and merging
patients; refusals are audited; a manager can merge two records of one patient.

And two rules PostgreSQL keeps (SQLite relies on the services, which hold the write lock):
- one patient cannot hold two live bookings at overlapping times (two providers, a double
  submit): the same kind of exclusion constraint as the provider's, over the appointment
  itself (the buffer after it is the provider's time, not the patient's);
- no booking holds its provider longer than MAX_BOOKING_SPAN (12 hours), which lets every
  "overlapping this window" query bound the start from below.
"""

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models

LIVE = "('requested', 'confirmed', 'checked_in', 'completed')"
CONSTRAINTS = {
    "booking_patient_no_overlap": (
        f"EXCLUDE USING gist (patient_id WITH =, tstzrange(start, \"end\", '[)') WITH &&)"
        f" WHERE (status IN {LIVE})"
    ),
    "booking_at_most_twelve_hours": "CHECK (blocked_until <= start + interval '12 hours')",
}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in CONSTRAINTS.items():
        schema_editor.execute(f"ALTER TABLE bookings_booking ADD CONSTRAINT {name} {definition}")


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0006_search_and_report_indexes"),
        ("treatments", "0003_treatment_series_settings"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="booking",
            options={
                "ordering": ["start"],
                "permissions": [
                    ("view_schedule", "Can see the schedule"),
                    ("view_all_schedules", "Can see every provider's schedule"),
                    ("book_by_phone", "Can book, move and cancel for patients"),
                    ("change_booking_status", "Can check patients in"),
                    ("book_outside_hours", "Can book outside working hours"),
                    ("manage_time_off", "Can add time off and blocks"),
                    ("edit_working_hours", "Can edit working hours"),
                    ("view_patients", "Can find patients and see their records"),
                    ("view_all_patients", "Can see every patient, not only one's own"),
                    ("view_clinical_notes", "Can read and write clinical notes"),
                    ("complete_booking", "Can complete consultations and treatments"),
                    ("edit_patients", "Can edit patients' contact details"),
                    ("merge_patients", "Can merge two records of one patient"),
                    ("revert_booking_status", "Can put right a status set by mistake the same day"),
                    ("view_reports", "Can see the dashboard and export bookings"),
                    ("view_audit_log", "Can read the audit log"),
                ],
            },
        ),
        migrations.AddField(
            model_name="patient",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_records",
                to="bookings.patient",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("create", "Created"),
                    ("change", "Changed"),
                    ("export", "Exported"),
                    ("denied", "Refused"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="appointmenttype",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "duration_minutes__lte",
                        django.db.models.expressions.CombinedExpression(
                            models.Value(720), "-", models.F("buffer_after_minutes")
                        ),
                    )
                ),
                name="appointment_type_at_most_twelve_hours",
            ),
        ),
        migrations.RunPython(add_constraints, drop_constraints),
    ]

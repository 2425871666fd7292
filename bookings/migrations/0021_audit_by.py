"""Every audit row says who made the change: staff, the patient, or the system.

Rows written before this column are filled in once, from what they hold: a row with a staff
member is staff's; a row without one is the patient's where it says so (the patient's own
changes, signatures, STOP and START, their look at a photo), else the system's. The log is
append-only (a trigger refuses UPDATE on PostgreSQL, migration 0004): the trigger is set aside
for this one fill of the new column, inside the migration's transaction, and put back.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

PATIENT_MADE = (
    Q(what__endswith="(by the patient)")
    | Q(what__endswith=", by the patient")
    | Q(what="form signed")
    | Q(what="texts stopped (STOP)")
    | Q(what="texts started again (START)")
)
TRIGGER = "bookings_auditentry_append_only"


def _trigger(schema_editor, state: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE bookings_auditentry {state} TRIGGER {TRIGGER}")


def fill_by(apps, schema_editor):
    AuditEntry = apps.get_model("bookings", "AuditEntry")
    _trigger(schema_editor, "DISABLE")
    AuditEntry.objects.filter(actor__isnull=False).update(by="staff")
    AuditEntry.objects.filter(PATIENT_MADE, actor__isnull=True).update(by="patient")
    _trigger(schema_editor, "ENABLE")


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0020_contact_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="by",
            field=models.CharField(
                choices=[("staff", "Staff"), ("patient", "The patient"), ("system", "The system")],
                default="system",
                max_length=7,
            ),
        ),
        migrations.RunPython(fill_by, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.CheckConstraint(
                condition=Q(by="staff", actor__isnull=False)
                | (~Q(by="staff") & Q(actor__isnull=True)),
                name="audit_staff_row_names_its_actor",
            ),
        ),
    ]

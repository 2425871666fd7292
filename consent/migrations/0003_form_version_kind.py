"""Each version keeps its form's kind (medical history or consent), so that who may read a
signature never follows a later edit of the template. Existing versions take their template's
kind; the never-changes trigger is paused for that one backfill."""

from django.db import migrations, models

PAUSE = "ALTER TABLE consent_formversion DISABLE TRIGGER consent_formversion_never_changes"
RESUME = "ALTER TABLE consent_formversion ENABLE TRIGGER consent_formversion_never_changes"


def backfill(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(PAUSE)
    FormVersion = apps.get_model("consent", "FormVersion")
    for kind in ("intake", "consent"):
        FormVersion.objects.filter(template__kind=kind).update(kind=kind)
    if postgres:
        schema_editor.execute(RESUME)


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_signed_forms_never_change")]

    operations = [
        migrations.AddField(
            model_name="formversion",
            name="kind",
            field=models.CharField(
                choices=[("intake", "Medical history"), ("consent", "Treatment consent")],
                default="consent",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

"""One signature per patient, form and booking, held by the database: each submission names
its form and booking (filled in here for those already signed), a deliberate correction on
the clinic's tablet is marked as one, and a unique constraint refuses any other second
signature. The never-change trigger now guards the new columns too. A submission may also say
that a parent, guardian or representative signed for the patient (`signer_relationship`)."""

import django.db.models.deletion
from django.db import migrations, models

# The trigger of 0002, with the columns this migration adds: once signed, they never change.
TRIGGER = """
CREATE OR REPLACE FUNCTION consent_submission_never_changes() RETURNS trigger AS $$
BEGIN
    IF ROW(NEW.public_id, NEW.request_id, NEW.version_id, NEW.rendered_text, NEW.content_hash,
           NEW.answers, NEW.flags, NEW.photo_release, NEW.typed_name, NEW.signed_with,
           NEW.signature_png, NEW.signed_at, NEW.signed_on, NEW.ip_address, NEW.user_agent,
           NEW.kiosk_started_by_id, NEW.corrects_id, NEW.template_id, NEW.booking_id,
           NEW.is_correction, NEW.signer_relationship)
       IS DISTINCT FROM
       ROW(OLD.public_id, OLD.request_id, OLD.version_id, OLD.rendered_text, OLD.content_hash,
           OLD.answers, OLD.flags, OLD.photo_release, OLD.typed_name, OLD.signed_with,
           OLD.signature_png, OLD.signed_at, OLD.signed_on, OLD.ip_address, OLD.user_agent,
           OLD.kiosk_started_by_id, OLD.corrects_id, OLD.template_id, OLD.booking_id,
           OLD.is_correction, OLD.signer_relationship) THEN
        RAISE EXCEPTION 'a signed form never changes; a correction is a new submission';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER_BEFORE = TRIGGER.replace(
    ", NEW.template_id, NEW.booking_id,\n           NEW.is_correction, NEW.signer_relationship)",
    ")",
).replace(
    ", OLD.template_id, OLD.booking_id,\n           OLD.is_correction, OLD.signer_relationship)",
    ")",
)


def _fill(apps, schema_editor):
    """Each submission's form and booking from its version and request; of several for one
    patient, form and booking (signed before the constraint), the first stands and the later
    ones are marked corrections. The new columns are not yet guarded by the trigger."""
    FormSubmission = apps.get_model("consent", "FormSubmission")
    seen = set()
    for submission in FormSubmission.objects.select_related("version", "request").order_by(
        "signed_at", "id"
    ):
        key = (submission.patient_id, submission.version.template_id, submission.request.booking_id)
        FormSubmission.objects.filter(pk=submission.pk).update(
            template_id=key[1], booking_id=key[2], is_correction=key in seen
        )
        seen.add(key)
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys just filled are checked at commit by default; checked now, so the
        # ALTER TABLE below does not meet "pending trigger events".
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _trigger(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0017_provider_photos_cleaned"),
        ("consent", "0003_form_version_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="formsubmission",
            name="template",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="consent.formtemplate",
            ),
        ),
        migrations.AddField(
            model_name="formsubmission",
            name="booking",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="bookings.booking",
            ),
        ),
        migrations.AddField(
            model_name="formsubmission",
            name="is_correction",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="formsubmission",
            name="signer_relationship",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "The patient"),
                    ("parent", "Parent"),
                    ("guardian", "Legal guardian"),
                    ("representative", "Other legal representative"),
                ],
                default="",
                max_length=16,
                verbose_name="signed by",
            ),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="formsubmission",
            name="template",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="consent.formtemplate",
            ),
        ),
        migrations.AddConstraint(
            model_name="formsubmission",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_correction", False)),
                fields=("patient", "template", "booking"),
                name="form_signed_once_per_booking",
            ),
        ),
        migrations.RunPython(_trigger(TRIGGER), _trigger(TRIGGER_BEFORE)),
    ]

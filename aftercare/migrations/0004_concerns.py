"""'Something doesn't look right' messages become concerns: with the urgency the patient
picks, an optional photo, and the clinic's reply or note when handled."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import aftercare.models


def fill_in(apps, schema_editor):
    Concern = apps.get_model("aftercare", "Concern")
    for concern in Concern.objects.filter(public_id__isnull=True):
        concern.public_id = uuid.uuid4()
        concern.save(update_fields=["public_id"])
    # Handled before notes existed: say so, as the constraint below asks of every handled one.
    Concern.objects.filter(resolved_at__isnull=False, handled_note="").update(
        handled_note="Marked handled."
    )
    Concern.objects.filter(text="").update(text="(no words: the patient only pressed the button)")


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0003_reminders_hand_over_to_the_outbox"),
        ("bookings", "0008_care_message_preferences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("CheckInMessage", "Concern"),
        migrations.RemoveIndex(model_name="concern", name="check_in_open"),
        migrations.AlterField(
            model_name="concern",
            name="course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="concerns",
                to="aftercare.course",
            ),
        ),
        migrations.AlterField(
            model_name="concern",
            name="patient",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="concerns",
                to="bookings.patient",
            ),
        ),
        migrations.AddField(
            model_name="concern",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="concern",
            name="urgency",
            field=models.CharField(
                choices=[
                    ("question", "I have a question"),
                    ("worried", "I'm worried"),
                    ("urgent", "It's urgent"),
                ],
                default="worried",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="concern",
            name="photo",
            field=models.FileField(
                blank=True,
                max_length=200,
                storage=aftercare.models.private_storage,
                upload_to=aftercare.models._concern_photo_path,
            ),
        ),
        migrations.AddField(
            model_name="concern",
            name="handled_note",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="concern",
            name="note_is_reply",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="concern",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="concern",
            name="text",
            field=models.TextField(max_length=2000),
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", True)),
                fields=["created_at"],
                name="concern_open",
            ),
        ),
        migrations.AddConstraint(
            model_name="concern",
            constraint=models.CheckConstraint(
                condition=models.Q(("resolved_at__isnull", True))
                | models.Q(("handled_note", ""), _negated=True),
                name="concern_handled_says_how",
            ),
        ),
    ]

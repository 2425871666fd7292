from django.db import migrations, models

from bookings.migration_operations import AddFieldInPlace, RemoveFieldInPlace


def keep_what_they_chose(apps, schema_editor):
    """A patient who had reminders on keeps every kind on; one who had them off (never ticked
    the box, or unsubscribed) keeps every kind off until they or the desk turn one on."""
    Patient = apps.get_model("bookings", "Patient")
    Patient.objects.filter(consents_to_reminders=False).update(
        wants_appointment_reminders=False, wants_care_tips=False, wants_next_session_nudge=False
    )


def back_to_one_box(apps, schema_editor):
    Patient = apps.get_model("bookings", "Patient")
    Patient.objects.update(consents_to_reminders=models.F("wants_appointment_reminders"))


class Migration(migrations.Migration):
    dependencies = [("bookings", "0007_roles_merges_and_patient_overlap")]

    operations = [
        AddFieldInPlace(
            model_name="patient",
            name="wants_appointment_reminders",
            field=models.BooleanField(default=True, verbose_name="appointment reminders"),
        ),
        AddFieldInPlace(
            model_name="patient",
            name="wants_care_tips",
            field=models.BooleanField(
                default=True, verbose_name="preparation and aftercare tips"
            ),
        ),
        AddFieldInPlace(
            model_name="patient",
            name="wants_next_session_nudge",
            field=models.BooleanField(default=True, verbose_name="next-session reminders"),
        ),
        migrations.RunPython(keep_what_they_chose, back_to_one_box),
        RemoveFieldInPlace(model_name="patient", name="consents_to_reminders"),
    ]

import treatments.images
from django.db import migrations


def _clean_stored(apps, schema_editor):
    # Pictures uploaded before uploads were cleaned kept their camera's EXIF (GPS among it)
    # in the original under /media/public/: each is replaced by its cleaned copy.
    for model_name, field_name in (("Clinic", "logo"), ("Treatment", "hero_image")):
        treatments.images.stored_picture_clean(apps.get_model("treatments", model_name), field_name)


class Migration(migrations.Migration):
    # Files are rewritten as rows change: each row's update commits at once, so a failure
    # half-way never leaves a row pointing at a file already replaced.
    atomic = False

    dependencies = [
        ("treatments", "0009_clinic_forms_and_photos"),
    ]

    operations = [
        migrations.AlterField(
            model_name="clinic",
            name="logo",
            field=treatments.images.PublicImageField(
                blank=True,
                height_field="logo_height",
                help_text="Shown in the header and in emails. A PNG with a transparent background, at least 400 px wide, looks best. Until one is uploaded the site shows its own mark.",
                max_length=200,
                upload_to=treatments.images.clinic_logo_path,
                validators=[treatments.images.public_image_validate],
                width_field="logo_width",
            ),
        ),
        migrations.AlterField(
            model_name="treatment",
            name="hero_image",
            field=treatments.images.PublicImageField(
                blank=True,
                height_field="hero_height",
                help_text="A wide picture for the page and its card (at least 1600 px wide). Until one is uploaded, the page shows the clinic's own artwork.",
                max_length=200,
                upload_to=treatments.images.treatment_hero_path,
                validators=[treatments.images.public_image_validate],
                width_field="hero_width",
            ),
        ),
        migrations.RunPython(_clean_stored, migrations.RunPython.noop),
    ]

import treatments.images
from django.db import migrations


def _clean_stored(apps, schema_editor):
    # Portraits uploaded before uploads were cleaned kept their camera's EXIF (GPS among it)
    # in the original under /media/public/: each is replaced by its cleaned copy.
    treatments.images.stored_picture_clean(apps.get_model("bookings", "Provider"), "photo")


class Migration(migrations.Migration):
    # Files are rewritten as rows change: each row's update commits at once, so a failure
    # half-way never leaves a row pointing at a file already replaced.
    atomic = False

    dependencies = [
        ("bookings", "0016_sign_off_any_chart_permission"),
    ]

    operations = [
        migrations.AlterField(
            model_name="provider",
            name="photo",
            field=treatments.images.PublicImageField(
                blank=True,
                height_field="photo_height",
                help_text="A portrait for the home page (square, at least 480 px). Until one is uploaded the page shows the provider's initials.",
                max_length=200,
                upload_to=treatments.images.provider_photo_path,
                validators=[treatments.images.public_image_validate],
                width_field="photo_width",
            ),
        ),
        migrations.RunPython(_clean_stored, migrations.RunPython.noop),
    ]

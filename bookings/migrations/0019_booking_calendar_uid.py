"""Each booking's iCalendar UID is stored. Bookings made before keep exactly the UID their
emails carried ("booking-<public id>@medspa"): a changed UID would add the event a second
time to the patient's calendar. New bookings get one on SITE_URL's domain."""

from django.db import migrations, models

import bookings.models


def _uids_as_sent(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    # In Python, not SQL: a UUID is text with hyphens on PostgreSQL and 32 bare hex digits on
    # SQLite, and the UID must be the hyphenated form the emails carried.
    batch = []
    for booking in Booking.objects.only("pk", "public_id").iterator(chunk_size=2000):
        booking.calendar_uid = f"booking-{booking.public_id}@medspa"
        batch.append(booking)
        if len(batch) == 2000:
            Booking.objects.bulk_update(batch, ["calendar_uid"])
            batch = []
    Booking.objects.bulk_update(batch, ["calendar_uid"])


class Migration(migrations.Migration):
    dependencies = [("bookings", "0018_second_factor")]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="calendar_uid",
            field=models.CharField(default="", max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(_uids_as_sent, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="booking",
            name="calendar_uid",
            field=models.CharField(
                default=bookings.models._calendar_uid, max_length=255, unique=True
            ),
        ),
    ]

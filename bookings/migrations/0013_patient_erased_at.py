"""When a patient's data was erased at their request."""

from django.db import migrations, models

from bookings.migration_operations import AddFieldInPlace


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0012_phones_in_e164'),
    ]

    operations = [
        AddFieldInPlace(
            model_name='patient',
            name='erased_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]

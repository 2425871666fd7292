"""The dashboard reads the few reminders that could not be written from their own index."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aftercare', '0005_same_day_texts'),
        ('bookings', '0013_patient_erased_at'),
        ('outbox', '0003_concern_replies'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('status', 'failed')), fields=['due_at'], name='reminder_unwritten'),
        ),
    ]

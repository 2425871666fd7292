"""A message of its own kind: the clinic replied to a concern."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0002_texts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='message',
            name='kind',
            field=models.CharField(choices=[('booking_confirmed', 'Booking confirmation'), ('booking_moved', 'Booking moved'), ('booking_cancelled', 'Booking cancelled'), ('appointment_reminder', 'Appointment reminder'), ('care_tip', 'Preparation or aftercare tip'), ('next_session', 'Next-session reminder'), ('concern_alert', 'Concern alert to the clinic'), ('concern_reply', 'The clinic replied to a concern')], max_length=24),
        ),
    ]

"""How care messages reach a patient: email, text or both; and when they replied STOP."""

from django.db import migrations, models

from bookings.migration_operations import AddFieldInPlace


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0008_care_message_preferences'),
    ]

    operations = [
        AddFieldInPlace(
            model_name='patient',
            name='message_channel',
            field=models.CharField(choices=[('email', 'Email'), ('sms', 'Text message'), ('both', 'Email and text')], default='email', max_length=5, verbose_name='messages by'),
        ),
        AddFieldInPlace(
            model_name='patient',
            name='sms_stopped_at',
            field=models.DateTimeField(blank=True, help_text='When the patient replied STOP.', null=True, verbose_name='texts stopped'),
        ),
    ]

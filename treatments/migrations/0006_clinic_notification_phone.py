"""An optional mobile for concern alerts by text."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('treatments', '0005_clinic_notification_email'),
    ]

    operations = [
        migrations.AddField(
            model_name='clinic',
            name='notification_phone',
            field=models.CharField(blank=True, help_text='A mobile that also gets a text for each such alert (optional; needs texts set up: SMS_BACKEND).', max_length=40),
        ),
    ]

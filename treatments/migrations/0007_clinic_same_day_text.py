"""Same-day texts: the clinic's switch, and their own reminder rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('treatments', '0006_clinic_notification_phone'),
    ]

    operations = [
        migrations.AddField(
            model_name='clinic',
            name='same_day_text',
            field=models.BooleanField(default=False, help_text='Also text patients who take texts on the morning of their appointment (three hours before, never in quiet hours).', verbose_name='same-day text'),
        ),
    ]

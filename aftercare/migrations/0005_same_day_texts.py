"""Same-day texts: the clinic's switch, and their own reminder rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aftercare', '0004_concerns'),
        ('bookings', '0013_patient_erased_at'),
        ('outbox', '0003_concern_replies'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reminder',
            name='reminder_kind_has_its_subject',
        ),
        migrations.AlterField(
            model_name='reminder',
            name='kind',
            field=models.CharField(choices=[('care_step', 'Aftercare step'), ('appointment', 'Appointment reminder'), ('same_day', 'Same-day text')], max_length=12),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'same_day')), fields=('booking', 'appointment_start'), name='reminder_once_per_same_day_text'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('course__isnull', False), ('kind', 'care_step'), ('step__isnull', False)), models.Q(('appointment_start__isnull', False), ('booking__isnull', False), ('kind__in', ['appointment', 'same_day'])), _connector='OR'), name='reminder_kind_has_its_subject'),
        ),
    ]

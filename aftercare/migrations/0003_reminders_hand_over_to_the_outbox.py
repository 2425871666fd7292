"""Reminders hand their messages to the outbox, which sends them and keeps their figures."""

import django.db.models.deletion
from django.db import migrations, models


def back_in_line(apps, schema_editor):
    """A reminder a worker was sending when the outbox arrived goes back in line: the next
    sweep hands it to the outbox (nothing marked it sent, so it did not go)."""
    Reminder = apps.get_model("aftercare", "Reminder")
    Reminder.objects.filter(status="sending").update(status="pending", claimed_at=None)


class Migration(migrations.Migration):

    dependencies = [
        ('aftercare', '0002_dashboard_indexes'),
        ('bookings', '0008_care_message_preferences'),
        ('outbox', '0001_messages'),
    ]

    operations = [
        migrations.RunPython(back_in_line, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_sending',
        ),
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_sent_at',
        ),
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_failed',
        ),
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_retrying',
        ),
        migrations.AddField(
            model_name='reminder',
            name='message',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='outbox.message'),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting until due'), ('queued', 'Handed to the outbox'), ('sent', 'Sent'), ('failed', 'Could not be written'), ('cancelled', 'Cancelled'), ('skipped', 'Not sent')], default='pending', max_length=10),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'queued'), _negated=True), ('message__isnull', False), _connector='OR'), name='reminder_queued_has_its_message'),
        ),
    ]

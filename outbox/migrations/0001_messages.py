"""Every outgoing message, email or text, is a row here before it is sent."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('bookings', '0008_care_message_preferences'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('booking_confirmed', 'Booking confirmation'), ('booking_moved', 'Booking moved'), ('booking_cancelled', 'Booking cancelled'), ('appointment_reminder', 'Appointment reminder'), ('care_tip', 'Preparation or aftercare tip'), ('next_session', 'Next-session reminder'), ('concern_alert', 'Concern alert to the clinic')], max_length=24)),
                ('channel', models.CharField(choices=[('email', 'Email'), ('sms', 'Text message')], default='email', max_length=8)),
                ('to', models.CharField(max_length=254)),
                ('subject', models.CharField(blank=True, max_length=300)),
                ('text', models.TextField(help_text='The plain-text body (the whole of a text message).')),
                ('html', models.TextField(blank=True)),
                ('calendar', models.TextField(blank=True, help_text='An iCalendar invitation, if any.')),
                ('headers', models.JSONField(blank=True, default=dict)),
                ('reply_to', models.CharField(blank=True, max_length=254)),
                ('message_id', models.CharField(max_length=200, unique=True)),
                ('due_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('needs_live_booking', models.BooleanField(default=False)),
                ('status', models.CharField(choices=[('pending', 'Waiting to go'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled'), ('skipped', 'Not sent')], default='pending', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, max_length=500)),
                ('reason', models.CharField(blank=True, help_text='Why it was not sent.', max_length=200)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('event_key', models.CharField(blank=True, max_length=120, null=True, unique=True)),
                ('booking', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='bookings.booking')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('patient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='bookings.patient')),
                ('resend_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='resends', to='outbox.message')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['due_at'], name='message_due'), models.Index(condition=models.Q(('status', 'sending')), fields=['claimed_at'], name='message_sending'), models.Index(condition=models.Q(('status', 'sent')), fields=['sent_at'], name='message_sent_at'), models.Index(condition=models.Q(('status', 'failed')), fields=['due_at', 'id'], name='message_failed'), models.Index(condition=models.Q(('attempts__gt', 0), ('status', 'pending')), fields=['due_at'], name='message_retrying'), models.Index(fields=['patient', '-created_at'], name='message_patient')],
                'constraints': [models.CheckConstraint(condition=models.Q(('to', ''), _negated=True), name='message_has_an_address'), models.CheckConstraint(condition=models.Q(('channel', 'sms'), models.Q(('subject', ''), _negated=True), _connector='OR'), name='message_email_has_a_subject')],
            },
        ),
    ]

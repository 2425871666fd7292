"""Texts: short links, the provider's id for each text sent, and texts patients send."""

import django.db.models.deletion
import django.utils.timezone
import outbox.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0009_message_channel'),
        ('outbox', '0001_messages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ShortLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=outbox.models._short_code, max_length=16, unique=True)),
                ('target', models.CharField(max_length=600)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name='message',
            name='provider_ref',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.CreateModel(
            name='InboundText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('provider_ref', models.CharField(max_length=64, unique=True)),
                ('from_number', models.CharField(max_length=20)),
                ('body', models.TextField(blank=True, max_length=1600)),
                ('kind', models.CharField(choices=[('reply', 'Reply'), ('stop', 'Stopped texts'), ('start', 'Started texts again'), ('help', 'Asked for help')], default='reply', max_length=8)),
                ('received_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('handled_at', models.DateTimeField(blank=True, null=True)),
                ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('patient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='texts_received', to='bookings.patient')),
            ],
            options={
                'ordering': ['-received_at'],
                'indexes': [models.Index(condition=models.Q(('handled_at__isnull', True), ('kind', 'reply')), fields=['received_at'], name='inbound_text_open')],
            },
        ),
    ]

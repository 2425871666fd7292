"""The clinic's closed days and early closings."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0009_message_channel'),
    ]

    operations = [
        migrations.CreateModel(
            name='Closure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('closes_at', models.TimeField(blank=True, help_text='Empty: closed all day. A time: open in the morning, closed from then on.', null=True)),
                ('reason', models.CharField(help_text='e.g. Thanksgiving', max_length=120)),
            ],
            options={
                'ordering': ['day'],
            },
        ),
    ]

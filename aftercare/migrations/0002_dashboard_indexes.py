"""Partial indexes behind the manager dashboard's reminder figures: sent today, failed and
retrying each read only their own rows instead of every reminder since the clinic opened."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("status", "sent")), fields=["sent_at"], name="reminder_sent_at"
            ),
        ),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("status", "failed")),
                fields=["due_at", "id"],
                name="reminder_failed",
            ),
        ),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("attempts__gt", 0), ("status", "pending")),
                fields=["due_at"],
                name="reminder_retrying",
            ),
        ),
    ]

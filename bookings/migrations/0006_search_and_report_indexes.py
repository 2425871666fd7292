"""Indexes that keep the staff pages as fast in the fifth year as in the first month.

- Patient search: trigram (pg_trgm) GIN indexes on exactly the expressions Django's
  `icontains` compiles to, UPPER("col"::text), on UPPER(first_name || ' ' || last_name) (the
  whole name, so several words are matched in one index scan), and on the phone's digits
  (`contains`).
  PostgreSQL only: on SQLite (`make run`) these operations do nothing, and search scans the
  demo's few patients.
- The audit log: (at, id) for its keyset pages, and the same behind its "who" and "what" filters.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddPostgresIndex(migrations.AddIndex):
    """AddIndex for an index only PostgreSQL can build (GIN, trigram operator classes): the
    model state always has it, so makemigrations stays quiet, but other databases skip it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def _trigram(expression: str, name: str) -> AddPostgresIndex:
    return AddPostgresIndex(
        model_name="patient",
        index=django.contrib.postgres.indexes.GinIndex(
            django.contrib.postgres.indexes.OpClass(
                django.db.models.functions.text.Upper(expression), name="gin_trgm_ops"
            ),
            name=name,
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0005_patient_phone_digits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A no-op on databases other than PostgreSQL (CreateExtension checks the vendor).
        TrigramExtension(),
        _trigram("first_name", "patient_first_trgm"),
        _trigram("last_name", "patient_last_trgm"),
        _trigram("email", "patient_email_trgm"),
        AddPostgresIndex(
            model_name="patient",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(
                        models.Func(
                            models.F("first_name"),
                            models.Value(" "),
                            models.F("last_name"),
                            template="(%(expressions)s)",
                            arg_joiner=" || ",
                            output_field=models.TextField(),
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="patient_name_trgm",
            ),
        ),
        AddPostgresIndex(
            model_name="patient",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["phone_digits"], name="patient_phone_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["at", "id"], name="audit_at_id"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["actor", "at", "id"], name="audit_actor_at_id"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["action", "at", "id"], name="audit_action_at_id"),
        ),
    ]

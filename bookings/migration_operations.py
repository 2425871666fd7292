"""Migration operations for a table that carries PostgreSQL-only indexes (the patient table's
trigram indexes, see migration 0006).

On SQLite, Django adds a column with a default, or drops one, by rebuilding the table from the
model state, and that state includes the GIN indexes SQLite cannot build. SQLite (3.35+) can
add and drop such columns in place, so these operations do that there and behave exactly like
AddField and RemoveField everywhere else.
"""

from django.db import migrations


def _sqlite(schema_editor) -> bool:
    return schema_editor.connection.vendor == "sqlite"


class AddFieldInPlace(migrations.AddField):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _sqlite(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        _add_column(schema_editor, to_state.apps.get_model(app_label, self.model_name), self.name)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _sqlite(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        _drop_column(
            schema_editor, from_state.apps.get_model(app_label, self.model_name), self.name
        )


class RemoveFieldInPlace(migrations.RemoveField):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _sqlite(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        _drop_column(
            schema_editor, from_state.apps.get_model(app_label, self.model_name), self.name
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _sqlite(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        _add_column(schema_editor, to_state.apps.get_model(app_label, self.model_name), self.name)


def _drop_column(schema_editor, model, name: str) -> None:
    quote = schema_editor.quote_name
    column = model._meta.get_field(name).column
    schema_editor.execute(f"ALTER TABLE {quote(model._meta.db_table)} DROP COLUMN {quote(column)}")


def _add_column(schema_editor, model, name: str) -> None:
    field = model._meta.get_field(name)
    definition, params = schema_editor.column_sql(model, field, include_default=True)
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"ALTER TABLE {quote(model._meta.db_table)} ADD COLUMN {quote(field.column)} {definition}",
        params,
    )

"""An addendum is part of the clinical record from the moment it is written: PostgreSQL
refuses to change or delete one, whoever asks (the app offers neither; the admin shows them
read-only). A correction is another addendum. SQLite, the laptop default, relies on the app."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION charting_addendum_never_changes() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an addendum never changes: add another addendum';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER charting_addendum_never_changes
    BEFORE UPDATE OR DELETE ON charting_addendum
    FOR EACH ROW EXECUTE FUNCTION charting_addendum_never_changes();
"""
DROP = """
DROP TRIGGER IF EXISTS charting_addendum_never_changes ON charting_addendum;
DROP FUNCTION IF EXISTS charting_addendum_never_changes();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("charting", "0004_charts_say_what_they_said")]

    operations = [migrations.RunPython(forwards, backwards)]

"""The audit log can only grow: PostgreSQL refuses any UPDATE or DELETE of its rows, whoever
asks (the app, the admin, a staff member with a database shell through the app's role).
SQLite, the laptop default, relies on the app and the admin offering no way to change it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION bookings_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bookings_auditentry_append_only
    BEFORE UPDATE OR DELETE ON bookings_auditentry
    FOR EACH ROW EXECUTE FUNCTION bookings_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS bookings_auditentry_append_only ON bookings_auditentry;
DROP FUNCTION IF EXISTS bookings_auditentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0003_front_desk")]

    operations = [migrations.RunPython(forwards, backwards)]

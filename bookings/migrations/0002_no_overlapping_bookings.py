"""No two live bookings of one provider, or of one device, may overlap: enforced by
PostgreSQL itself. Ranges are half-open ([)), so back-to-back bookings are allowed, and run
to blocked_until, so the buffer after an appointment is protected too.

SQLite has no exclusion constraints; there the booking services serialize writers instead
(BEGIN IMMEDIATE, see settings.py), so this migration does nothing on it.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

LIVE = "('requested', 'confirmed', 'checked_in', 'completed')"

CONSTRAINTS = {
    "booking_provider_no_overlap": (
        f"EXCLUDE USING gist (provider_id WITH =, tstzrange(start, blocked_until, '[)') WITH &&)"
        f" WHERE (status IN {LIVE})"
    ),
    "booking_resource_no_overlap": (
        f"EXCLUDE USING gist (resource_id WITH =, tstzrange(start, blocked_until, '[)') WITH &&)"
        f" WHERE (status IN {LIVE} AND resource_id IS NOT NULL)"
    ),
}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in CONSTRAINTS.items():
        schema_editor.execute(f"ALTER TABLE bookings_booking ADD CONSTRAINT {name} {definition}")


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, drop_constraints),
    ]

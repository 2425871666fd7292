"""A signed-off chart is a clinical record: PostgreSQL refuses any change to its clinical
columns, to its treated areas and to their settings, and its deletion, whoever asks (the app,
the admin, a shell through the app's role). What may still change is bookkeeping outside the
record (updated_at). Later words are addenda, rows of their own.
SQLite, the laptop default, relies on the services and the read-only admin."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION charting_chart_signed_off_never_changes() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_off_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'a signed-off chart is never deleted';
    END IF;
    IF (NEW.booking_id, NEW.device_id, NEW.skin_type, NEW.anaesthetic,
        NEW.anaesthetic_minutes, NEW.erythema, NEW.oedema, NEW.adverse_events,
        NEW.next_time_notes, NEW.created_by_id, NEW.signed_off_at, NEW.signed_off_by_id)
       IS DISTINCT FROM
       (OLD.booking_id, OLD.device_id, OLD.skin_type, OLD.anaesthetic,
        OLD.anaesthetic_minutes, OLD.erythema, OLD.oedema, OLD.adverse_events,
        OLD.next_time_notes, OLD.created_by_id, OLD.signed_off_at, OLD.signed_off_by_id) THEN
        RAISE EXCEPTION 'a signed-off chart never changes: add an addendum';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Areas and settings belong to a chart; while it is signed off none may be added, changed
-- or removed (a row moved between charts is checked against both).
CREATE OR REPLACE FUNCTION charting_chart_signed_off_rows_never_change() RETURNS trigger AS $$
DECLARE
    chart_ids bigint[];
BEGIN
    IF TG_TABLE_NAME = 'charting_chartarea' THEN
        chart_ids := ARRAY[]::bigint[];
        IF TG_OP <> 'INSERT' THEN chart_ids := chart_ids || OLD.chart_id; END IF;
        IF TG_OP <> 'DELETE' THEN chart_ids := chart_ids || NEW.chart_id; END IF;
    ELSE
        SELECT array_agg(a.chart_id) INTO chart_ids FROM charting_chartarea a
        WHERE (TG_OP <> 'INSERT' AND a.id = OLD.chart_area_id)
           OR (TG_OP <> 'DELETE' AND a.id = NEW.chart_area_id);
    END IF;
    IF EXISTS (SELECT 1 FROM charting_chart c
               WHERE c.id = ANY(chart_ids) AND c.signed_off_at IS NOT NULL) THEN
        RAISE EXCEPTION 'a signed-off chart''s areas and settings never change';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER charting_chart_signed_off_never_changes
    BEFORE UPDATE OR DELETE ON charting_chart
    FOR EACH ROW EXECUTE FUNCTION charting_chart_signed_off_never_changes();
CREATE TRIGGER charting_chartarea_signed_off_never_changes
    BEFORE INSERT OR UPDATE OR DELETE ON charting_chartarea
    FOR EACH ROW EXECUTE FUNCTION charting_chart_signed_off_rows_never_change();
CREATE TRIGGER charting_chartsetting_signed_off_never_changes
    BEFORE INSERT OR UPDATE OR DELETE ON charting_chartsetting
    FOR EACH ROW EXECUTE FUNCTION charting_chart_signed_off_rows_never_change();
"""
DROP = """
DROP TRIGGER IF EXISTS charting_chart_signed_off_never_changes ON charting_chart;
DROP TRIGGER IF EXISTS charting_chartarea_signed_off_never_changes ON charting_chartarea;
DROP TRIGGER IF EXISTS charting_chartsetting_signed_off_never_changes ON charting_chartsetting;
DROP FUNCTION IF EXISTS charting_chart_signed_off_never_changes();
DROP FUNCTION IF EXISTS charting_chart_signed_off_rows_never_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("charting", "0002_charts")]

    operations = [migrations.RunPython(forwards, backwards)]

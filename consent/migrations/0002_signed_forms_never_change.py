"""What a patient signed, and the words they signed, never change: PostgreSQL refuses any
UPDATE of a version, and of a submission's signed content (only the patient it belongs to may
change, when two records of one person are merged), whoever asks. DELETE stays possible for the database's
owner (an erasure decision is a person's, not the app's; the app offers none).
SQLite, the laptop default, relies on the services and the admin offering no way to edit."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION consent_signed_never_changes() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a signed form and the words of a form version never change';
END;
$$ LANGUAGE plpgsql;
-- A submission may change hands only when two records of one patient are merged (patient_id);
-- everything that was signed stays as it was.
CREATE OR REPLACE FUNCTION consent_submission_never_changes() RETURNS trigger AS $$
BEGIN
    IF ROW(NEW.public_id, NEW.request_id, NEW.version_id, NEW.rendered_text, NEW.content_hash,
           NEW.answers, NEW.flags, NEW.photo_release, NEW.typed_name, NEW.signed_with,
           NEW.signature_png, NEW.signed_at, NEW.signed_on, NEW.ip_address, NEW.user_agent,
           NEW.kiosk_started_by_id, NEW.corrects_id)
       IS DISTINCT FROM
       ROW(OLD.public_id, OLD.request_id, OLD.version_id, OLD.rendered_text, OLD.content_hash,
           OLD.answers, OLD.flags, OLD.photo_release, OLD.typed_name, OLD.signed_with,
           OLD.signature_png, OLD.signed_at, OLD.signed_on, OLD.ip_address, OLD.user_agent,
           OLD.kiosk_started_by_id, OLD.corrects_id) THEN
        RAISE EXCEPTION 'a signed form never changes; a correction is a new submission';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER consent_formsubmission_never_changes
    BEFORE UPDATE ON consent_formsubmission
    FOR EACH ROW EXECUTE FUNCTION consent_submission_never_changes();
CREATE TRIGGER consent_formversion_never_changes
    BEFORE UPDATE ON consent_formversion
    FOR EACH ROW EXECUTE FUNCTION consent_signed_never_changes();
"""
DROP = """
DROP TRIGGER IF EXISTS consent_formsubmission_never_changes ON consent_formsubmission;
DROP TRIGGER IF EXISTS consent_formversion_never_changes ON consent_formversion;
DROP FUNCTION IF EXISTS consent_signed_never_changes();
DROP FUNCTION IF EXISTS consent_submission_never_changes();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

"""A chart keeps what the catalogue said when it was written: the device's name, each area's
name, each setting's label and unit. Before this a chart showed them from the live catalogue,
so a manager rewording a setting (or changing its unit) rewrote every signed chart's meaning.
Existing charts are filled from the catalogue as it stands (the best there is). On PostgreSQL
the signed-off trigger of 0003 is extended to the chart's new column (the areas' and
settings' trigger already refuses any change to their rows)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

TRIGGERS = [
    ("charting_chart", "charting_chart_signed_off_never_changes"),
    ("charting_chartarea", "charting_chartarea_signed_off_never_changes"),
    ("charting_chartsetting", "charting_chartsetting_signed_off_never_changes"),
]

CHART_FUNCTION = """
CREATE OR REPLACE FUNCTION charting_chart_signed_off_never_changes() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_off_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'a signed-off chart is never deleted';
    END IF;
    IF (NEW.booking_id, NEW.device_id, NEW.device_name, NEW.skin_type, NEW.anaesthetic,
        NEW.anaesthetic_minutes, NEW.erythema, NEW.oedema, NEW.adverse_events,
        NEW.next_time_notes, NEW.created_by_id, NEW.signed_off_at, NEW.signed_off_by_id)
       IS DISTINCT FROM
       (OLD.booking_id, OLD.device_id, OLD.device_name, OLD.skin_type, OLD.anaesthetic,
        OLD.anaesthetic_minutes, OLD.erythema, OLD.oedema, OLD.adverse_events,
        OLD.next_time_notes, OLD.created_by_id, OLD.signed_off_at, OLD.signed_off_by_id) THEN
        RAISE EXCEPTION 'a signed-off chart never changes: add an addendum';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

CHART_FUNCTION_0003 = CHART_FUNCTION.replace("NEW.device_name, ", "").replace(
    "OLD.device_name, ", ""
)


def _triggers(schema_editor, state: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for table, trigger in TRIGGERS:
            schema_editor.execute(f"ALTER TABLE {table} {state} TRIGGER {trigger}")


def backfill(apps, schema_editor):
    Chart = apps.get_model("charting", "Chart")
    ChartArea = apps.get_model("charting", "ChartArea")
    ChartSetting = apps.get_model("charting", "ChartSetting")
    Device = apps.get_model("charting", "Device")
    Area = apps.get_model("charting", "Area")
    DeviceSetting = apps.get_model("charting", "DeviceSetting")
    # Signed-off rows are filled once, here, with the triggers held off for the moment.
    _triggers(schema_editor, "DISABLE")
    Chart.objects.update(
        device_name=Subquery(Device.objects.filter(pk=OuterRef("device_id")).values("name")[:1])
    )
    ChartArea.objects.update(
        area_name=Subquery(Area.objects.filter(pk=OuterRef("area_id")).values("name")[:1])
    )
    setting = DeviceSetting.objects.filter(pk=OuterRef("setting_id"))
    ChartSetting.objects.update(
        label=Subquery(setting.values("label")[:1]), unit=Subquery(setting.values("unit")[:1])
    )
    _triggers(schema_editor, "ENABLE")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHART_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHART_FUNCTION_0003)


class Migration(migrations.Migration):
    dependencies = [("charting", "0003_signed_off_charts_never_change")]

    operations = [
        migrations.AddField(
            model_name="chart",
            name="device_name",
            field=models.CharField(
                default="", help_text="The device's name when charted.", max_length=120
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chartarea",
            name="area_name",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chartsetting",
            name="label",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chartsetting",
            name="unit",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.RunPython(backfill, backwards),
    ]

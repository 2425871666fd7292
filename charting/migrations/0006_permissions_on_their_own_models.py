"""Signing off any session's chart is charting's permission, on Chart, no longer bookings'.

The permission's row moves to Chart's content type, keeping its id: the groups and logins that
hold it keep it (a new row under charting, with the old one left behind, would leave every
manager without it until roles_sync ran, and a login granted it by hand without it for good).
On a fresh database there is no row yet: Django makes it under charting after migrate.
"""

from django.db import migrations

CODENAME = "sign_off_any_chart"


def _move(apps, *, source: tuple[str, str], target: tuple[str, str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source[0], model=source[1]).first()
    row = Permission.objects.filter(content_type=old, codename=CODENAME).first() if old else None
    if row is None:
        return
    new, _ = ContentType.objects.get_or_create(app_label=target[0], model=target[1])
    # A row Django made under the new model meanwhile (an earlier run of post_migrate) would
    # clash with the one moving: it holds no one the old row does not, so it goes.
    Permission.objects.filter(content_type=new, codename=CODENAME).delete()
    row.content_type = new
    row.save(update_fields=["content_type"])


def forwards(apps, schema_editor):
    _move(apps, source=("bookings", "booking"), target=("charting", "chart"))


def backwards(apps, schema_editor):
    _move(apps, source=("charting", "chart"), target=("bookings", "booking"))


class Migration(migrations.Migration):
    dependencies = [
        ("charting", "0005_addenda_never_change"),
        ("bookings", "0022_permissions_on_their_own_models"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="chart",
            options={
                "permissions": [
                    ("sign_off_any_chart", "Can sign off any session's treatment chart")
                ]
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]

"""Each app's permissions live on its own models and each app grants them to roles
(practice/roles.py); moving a permission to its app keeps every role, and every login granted
it, holding it: the row moves with its id (charting migration 0006), the groups are rebuilt
from the grants after every migrate."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from practice.roles import MANAGER, roles_grant, roles_sync
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

# What each role held before the permissions moved to their apps, codename by codename.
DESK = [
    "book_by_phone",
    "change_booking_status",
    "edit_patients",
    "manage_time_off",
    "view_all_patients",
    "view_all_schedules",
    "view_patients",
    "view_schedule",
]
PROVIDER = [
    "change_booking_status",
    "complete_booking",
    "view_clinical_notes",
    "view_patients",
    "view_schedule",
]
MANAGER_HOLDS = sorted(
    {*DESK, *PROVIDER}
    | {
        "book_outside_hours",
        "complete_unsigned",
        "edit_working_hours",
        "manage_team",
        "merge_patients",
        "revert_booking_status",
        "sign_off_any_chart",
        "view_audit_log",
        "view_reports",
    }
)


def _held(role: str) -> list[str]:
    group = Group.objects.get(name=role)
    return sorted(group.permissions.values_list("codename", flat=True))


def test_every_role_holds_the_same_codenames_as_before():
    roles_sync()
    assert _held("Front desk") == DESK
    assert _held("Provider") == PROVIDER
    assert _held("Manager") == MANAGER_HOLDS
    signs_off = Permission.objects.get(codename="sign_off_any_chart")
    assert signs_off.content_type.app_label == "charting"


def test_the_moved_permission_keeps_its_row_its_group_and_its_logins():
    # Laid out as before the move: the row under bookings, in the manager's group, and given
    # by hand to one provider.
    Permission.objects.filter(codename="sign_off_any_chart").delete()
    booking_type = ContentType.objects.get(app_label="bookings", model="booking")
    before = Permission.objects.create(
        codename="sign_off_any_chart", name="Can sign off", content_type=booking_type
    )
    Group.objects.get(name=MANAGER).permissions.add(before)
    dana = staff_user("dana", "Provider")
    dana.user_permissions.add(before)
    # Django, after migrate, makes the row under charting too: the move must not trip on it.
    Permission.objects.create(
        codename="sign_off_any_chart",
        name="Can sign off",
        content_type=ContentType.objects.get(app_label="charting", model="chart"),
    )

    migration = importlib.import_module("charting.migrations.0006_permissions_on_their_own_models")
    migration.forwards(global_apps, None)

    moved = Permission.objects.get(codename="sign_off_any_chart")
    assert (moved.pk, moved.content_type.app_label) == (before.pk, "charting")
    assert Group.objects.get(name=MANAGER).permissions.filter(pk=moved.pk).exists()
    dana = type(dana).objects.get(pk=dana.pk)  # no cached permissions
    assert dana.has_perm("charting.sign_off_any_chart")


def test_a_grant_of_a_permission_no_model_declares_fails_the_system_check(monkeypatch):
    import practice.roles as roles

    assert roles.roles_check() == []
    monkeypatch.setattr(roles, "_GRANTED", {r: set(g) for r, g in roles._GRANTED.items()})
    roles_grant("charting", MANAGER, ["charge_no_show_fees"])
    errors = roles.roles_check()
    assert [e.id for e in errors] == ["practice.E001"]
    assert "charting.charge_no_show_fees" in errors[0].msg


def test_a_grant_not_in_the_database_yet_waits_for_the_next_migrate_without_failing_it(
    monkeypatch,
):
    # A migrate of one app back (charting to before its permission moved) leaves the grant
    # without its row: the sync gives the rest and the row comes with the next full migrate.
    Permission.objects.filter(codename="sign_off_any_chart").delete()
    roles_sync()
    assert "sign_off_any_chart" not in _held("Manager")
    assert "view_audit_log" in _held("Manager")

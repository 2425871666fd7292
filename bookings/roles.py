"""The clinic's roles, as Django groups made of the permissions in Booking.Meta.

front desk: runs the schedule, books by phone, checks in, edits patients' contact details.
provider:   their own schedule and patients, checks in and completes, clinical notes.
manager:    everything, plus configuration (the admin), reports, the audit log, merging
            patients and putting a mistaken status right.

What a permission cannot say (whose booking it is, which day it is) is in bookings/access.py,
the one home of "who may do what". roles_sync() runs after every migrate, so the groups always
match this table.
"""

from django.contrib.auth.models import Group, Permission

FRONT_DESK, PROVIDER, MANAGER = "Front desk", "Provider", "Manager"

_FRONT_DESK = [
    "view_schedule",
    "view_all_schedules",
    "book_by_phone",
    "change_booking_status",
    "manage_time_off",
    "view_patients",
    "view_all_patients",
    "edit_patients",
]
_PROVIDER = [
    "view_schedule",
    "change_booking_status",
    "complete_booking",
    "view_patients",
    "view_clinical_notes",
]
_MANAGER_ONLY = [
    "book_outside_hours",
    "edit_working_hours",
    "view_reports",
    "view_audit_log",
    "merge_patients",
    "revert_booking_status",
    "complete_unsigned",
    "sign_off_any_chart",
    "manage_team",
]
_MANAGER = sorted({*_FRONT_DESK, *_PROVIDER, *_MANAGER_ONLY})

ROLES = {FRONT_DESK: _FRONT_DESK, PROVIDER: _PROVIDER, MANAGER: _MANAGER}


def roles_sync(**kwargs) -> None:
    permissions = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="bookings")
    }
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permissions[codename] for codename in codenames])

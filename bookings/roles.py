"""Bookings' part of the clinic's roles (practice/roles.py): which of the permissions in
Booking.Meta each role holds.

front desk: runs the schedule, books by phone, checks in, edits patients' contact details.
provider:   their own schedule and patients, checks in and completes, clinical notes.
manager:    everything, plus configuration (the admin), reports, the audit log, merging
            patients and putting a mistaken status right.

What a permission cannot say (whose booking it is, which day it is) is in bookings/access.py,
the one home of "who may do what".
"""

from practice.roles import FRONT_DESK, MANAGER, PROVIDER, roles_grant

__all__ = ["FRONT_DESK", "MANAGER", "PROVIDER"]

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
    "manage_team",
]
_MANAGER = sorted({*_FRONT_DESK, *_PROVIDER, *_MANAGER_ONLY})

roles_grant("bookings", FRONT_DESK, _FRONT_DESK)
roles_grant("bookings", PROVIDER, _PROVIDER)
roles_grant("bookings", MANAGER, _MANAGER)

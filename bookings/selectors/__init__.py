"""Reads with rules in them, by clinic concept: free slots and busy time (availability), the
staff's day and week (schedule), a provider's printable day (day_sheet) and the month at a
glance (month)."""

from .availability import (
    BusyIntervals,
    Slot,
    bookings_overlapping,
    busy_intervals,
    busy_intervals_from,
    clinic_zone,
    closure_spans,
    consultation_type_get,
    local_day_bounds,
    providers_for,
    slot_find,
    slots_available,
    slots_nearest,
)
from .day_sheet import DaySheet, day_sheet
from .month import MonthOverview, month_overview
from .schedule import DaySchedule, DeviceLane, ProviderDay, day_schedule, week_schedule

__all__ = [
    "BusyIntervals",
    "DaySchedule",
    "DaySheet",
    "DeviceLane",
    "MonthOverview",
    "ProviderDay",
    "Slot",
    "bookings_overlapping",
    "busy_intervals",
    "busy_intervals_from",
    "clinic_zone",
    "closure_spans",
    "consultation_type_get",
    "day_schedule",
    "day_sheet",
    "local_day_bounds",
    "month_overview",
    "providers_for",
    "slot_find",
    "slots_available",
    "slots_nearest",
    "week_schedule",
]

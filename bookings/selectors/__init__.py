"""Reads with rules in them, by clinic concept: free slots and busy time (availability) and
the staff's day and week (schedule)."""

from .availability import (
    BusyIntervals,
    Slot,
    bookings_overlapping,
    busy_intervals,
    busy_intervals_from,
    clinic_zone,
    consultation_type_get,
    local_day_bounds,
    providers_for,
    slot_find,
    slots_available,
    slots_nearest,
)
from .schedule import DaySchedule, DeviceLane, ProviderDay, day_schedule, week_schedule

__all__ = [
    "BusyIntervals",
    "DaySchedule",
    "DeviceLane",
    "ProviderDay",
    "Slot",
    "bookings_overlapping",
    "busy_intervals",
    "busy_intervals_from",
    "clinic_zone",
    "consultation_type_get",
    "day_schedule",
    "local_day_bounds",
    "providers_for",
    "slot_find",
    "slots_available",
    "slots_nearest",
    "week_schedule",
]

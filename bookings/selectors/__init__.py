"""Reads with rules in them, by clinic concept: free slots (availability) and the staff's
day and week (schedule)."""

from .availability import (
    Slot,
    clinic_zone,
    consultation_type_get,
    local_day_bounds,
    providers_for,
    slot_find,
    slots_available,
    slots_nearest,
)
from .schedule import DaySchedule, ProviderDay, day_schedule, week_schedule

__all__ = [
    "DaySchedule",
    "ProviderDay",
    "Slot",
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

"""When a reminder is due: a local day and time of day in the clinic's zone, moved out of
quiet hours. Computed on the wall clock, so a daylight-saving change never shifts 9:00."""

from datetime import UTC, date, datetime, time, timedelta

from bookings.selectors import clinic_zone
from outbox.schedule import quiet_hours_end


def due_at(*, session_date: date, day_offset: int, send_time: time) -> datetime:
    local = datetime.combine(
        session_date + timedelta(days=day_offset), send_time, tzinfo=clinic_zone()
    )
    local = quiet_hours_end(local) or local
    return local.astimezone(UTC)


def appointment_reminder_due(start: datetime, *, lead_hours: int) -> datetime:
    """`lead_hours` before the appointment on the local clock (48 hours before a 10:00
    appointment is 10:00 two days before, across a daylight-saving change too), moved out of
    quiet hours."""
    zone = clinic_zone()
    wall = start.astimezone(zone).replace(tzinfo=None) - timedelta(hours=lead_hours)
    local = wall.replace(tzinfo=zone)
    return (quiet_hours_end(local) or local).astimezone(UTC)


SAME_DAY_LEAD = timedelta(hours=3)


def same_day_text_due(start: datetime) -> datetime | None:
    """The morning-of text: three hours before, moved out of quiet hours; None when that
    would be at or after the appointment itself (an 8:30 appointment gets none at 8:00)."""
    zone = clinic_zone()
    local = (start - SAME_DAY_LEAD).astimezone(zone)
    due = (quiet_hours_end(local) or local).astimezone(UTC)
    return due if due < start - timedelta(minutes=30) else None

"""When a reminder is due: a local day and time of day in the clinic's zone, moved out of
quiet hours. Computed on the wall clock, so a daylight-saving change never shifts 9:00."""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings

from bookings.selectors import clinic_zone


def quiet_hours() -> tuple[time, time]:
    """The local (start, end) of quiet hours; start after end means they cross midnight."""
    return (
        time.fromisoformat(settings.AFTERCARE_QUIET_START),
        time.fromisoformat(settings.AFTERCARE_QUIET_END),
    )


def quiet_hours_end(local: datetime) -> datetime | None:
    """If `local` (aware, clinic zone) falls in quiet hours, the local moment they end.

    Quiet hours include their start and exclude their end. They may cross midnight
    (21:00-08:00) or not (00:00-07:00, or 13:00-14:00); equal start and end means none.
    """
    start, end = quiet_hours()
    clock = local.timetz().replace(tzinfo=None)
    today_end = datetime.combine(local.date(), end, tzinfo=local.tzinfo)
    if start < end:
        return today_end if start <= clock < end else None
    if start > end:
        if clock >= start:
            return today_end + timedelta(days=1)
        if clock < end:
            return today_end
    return None


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

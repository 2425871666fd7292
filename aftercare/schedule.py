"""When a reminder is due: a local day and time of day in the clinic's zone, moved out of
quiet hours. Computed on the wall clock, so a daylight-saving change never shifts 9:00."""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings

from bookings.selectors import clinic_zone


def _quiet() -> tuple[time, time]:
    return (time.fromisoformat(settings.AFTERCARE_QUIET_START),
            time.fromisoformat(settings.AFTERCARE_QUIET_END))  # fmt: skip


def quiet_hours_end(local: datetime) -> datetime | None:
    """If `local` (aware, clinic zone) falls in quiet hours, the local moment they end."""
    start, end = _quiet()
    clock = local.timetz().replace(tzinfo=None)
    if clock >= start:
        return datetime.combine(local.date() + timedelta(days=1), end, tzinfo=local.tzinfo)
    if clock < end:
        return datetime.combine(local.date(), end, tzinfo=local.tzinfo)
    return None


def due_at(*, session_date: date, day_offset: int, send_time: time) -> datetime:
    local = datetime.combine(session_date + timedelta(days=day_offset), send_time,
                             tzinfo=clinic_zone())  # fmt: skip
    local = quiet_hours_end(local) or local
    return local.astimezone(UTC)


def appointment_reminder_due(start: datetime) -> datetime:
    """24 hours before the appointment on the local clock, out of quiet hours."""
    zone = clinic_zone()
    local = start.astimezone(zone)
    day_before = datetime.combine(local.date() - timedelta(days=1), local.timetz().replace(
        tzinfo=None), tzinfo=zone)  # fmt: skip
    return (quiet_hours_end(day_before) or day_before).astimezone(UTC)

"""Quiet hours: no care message reaches a patient in the night. One home for the rule, used
where reminders fall due (aftercare) and where texts are sent (the sweep)."""

from datetime import datetime, time, timedelta

from django.conf import settings


def quiet_hours() -> tuple[time, time]:
    """The local (start, end) of quiet hours; start after end means they cross midnight."""
    return (
        time.fromisoformat(settings.OUTBOX_QUIET_START),
        time.fromisoformat(settings.OUTBOX_QUIET_END),
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

"""Reading times out of query strings and forms without ever raising on odd input."""

import uuid
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

# Nothing is booked further than this from today; anything outside is not a real request.
REACH = timedelta(days=800)


def start_parse(value: str | None) -> datetime | None:
    """An aware ISO 8601 moment near enough to today to be bookable, in UTC; else None.
    (Years 1 and 9999 parse, but overflow the moment they are moved to UTC.)"""
    try:
        start = datetime.fromisoformat(value or "")
        if start.tzinfo is None:
            return None
        start = start.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    now = timezone.now()
    return start if now - REACH < start < now + REACH else None


def date_parse(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    today = timezone.localdate()
    return day if today - REACH < day < today + REACH else None


def uuid_parse(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None

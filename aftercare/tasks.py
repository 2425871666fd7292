from celery import shared_task
from django.utils.dateparse import parse_datetime

from .sending import reminders_send_due


@shared_task(ignore_result=True, acks_late=True)
def reminders_sweep(now: str | None = None) -> dict:
    """Beat's wake-up call, every minute: due reminders become outbox messages and go out.
    `now` (ISO 8601) lets tests drive the clock."""
    result = reminders_send_due(now=parse_datetime(now) if now else None)
    return {"sent": result.sent, "failed": result.failed, "retried": result.retried}

from celery import shared_task
from django.utils.dateparse import parse_datetime

from .sending import messages_send_due


@shared_task(ignore_result=True, acks_late=True)
def outbox_sweep(now: str | None = None) -> dict:
    """Beat's wake-up call every minute, and a commit's (a booking's confirmation). `now`
    (ISO 8601) lets tests drive the clock."""
    result = messages_send_due(now=parse_datetime(now) if now else None)
    return {"sent": result.sent, "failed": result.failed, "retried": result.retried}

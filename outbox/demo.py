"""The demo's outbox looks lived in: the confirmations of its bookings went out when each was
booked (not all at once when the worker starts), and one bounced, as one does in any clinic."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.demo_day import demo_patients

from .models import Message
from .states import message_demo_history_move, message_move

BOUNCE = "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable"


@transaction.atomic
def outbox_demo_day_load(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    waiting = list(
        Message.objects.filter(
            patient__in=demo_patients(), status=Message.Status.PENDING, due_at__lte=now
        )
        .select_related("booking")
        .order_by("id")
    )
    marked = 0
    for message in waiting:
        booked = message.booking.created_at if message.booking else message.created_at
        moment = min(booked, now) + timedelta(seconds=20)
        message_demo_history_move(
            message,
            from_status=Message.Status.PENDING,
            to_status=Message.Status.SENT,
            sent_at=moment,
            created_at=min(booked, now),
            attempts=1,
        )
        marked += 1
    bounced = 0
    confirmations = [m for m in waiting if m.kind == Message.Kind.BOOKING_CONFIRMED]
    if confirmations and not Message.objects.filter(status=Message.Status.FAILED).exists():
        # A patient's mistyped address bounced their confirmation: the desk calls them.
        # Sent, then undelivered: a move the live table allows. Guarded like any move, so a
        # row a worker's sweep took meanwhile is left to it (and not counted as bounced).
        bounced = int(
            message_move(
                confirmations[-1],
                from_status=Message.Status.SENT,
                to_status=Message.Status.FAILED,
                sent_at=None,
                attempts=5,
                last_error=BOUNCE,
            )
        )
    return {"messages_marked_sent": marked - bounced, "messages_bounced": bounced}

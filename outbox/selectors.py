"""Reads with rules in them: whether a message may still go, and what the staff see of the
outbox."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from bookings import access
from bookings.selectors import local_day_bounds

from .models import InboundText, Message

Status = Message.Status


def message_unwanted_because(message: Message, *, now: datetime) -> str | None:
    """Why a message would only confuse if it went now, or None if it may go. Asked when staff
    send one again and by the sweep just before sending, so a row left waiting by any path
    (a cancellation racing the sweep, a retry that ran late) still never goes out."""
    if message.expires_at is not None and now >= message.expires_at:
        return "Its moment has passed"
    if message.needs_live_booking and message.booking_id and not message.booking.is_live:
        return "The booking was cancelled"
    return None


def messages_visible_to(user) -> QuerySet[Message]:
    """Messages about patients the user may see, and the clinic's own alerts for those who
    see every patient."""
    if access.may_see_all_patients(user):
        visible = Message.objects.all()
    else:
        visible = Message.objects.filter(patient__in=access.patients_visible_to(user))
    return visible.select_related("patient", "booking")


PROBLEMS = Q(status=Status.FAILED) | Q(status=Status.PENDING, attempts__gt=0)
SHOWN = {
    "problems": "Failed or retrying",
    "waiting": "Waiting to go",
    "today": "Sent today",
    "all": "All",
}


def messages_page(user, *, show: str, limit: int = 100) -> list[Message]:
    messages = messages_visible_to(user)
    if show == "problems":
        messages = messages.filter(PROBLEMS)
    elif show == "waiting":
        messages = messages.filter(status__in=[Status.PENDING, Status.SENDING])
    elif show == "today":
        start, end = local_day_bounds(timezone.localdate())
        messages = messages.filter(status=Status.SENT, sent_at__gte=start, sent_at__lt=end)
    return list(messages.order_by("-created_at", "-id")[:limit])


def outbox_figures(user) -> dict[str, int]:
    """Sent today, failed, retrying, of the messages the user may see: three counts, each
    answered by its own partial index, so each reads its own few rows instead of every
    message since the clinic opened."""
    start, end = local_day_bounds(timezone.localdate())
    messages = messages_visible_to(user).select_related(None).order_by()
    return {
        "sent_today": messages.filter(
            status=Status.SENT, sent_at__gte=start, sent_at__lt=end
        ).count(),
        "failed": messages.filter(status=Status.FAILED).count(),
        "retrying": messages.filter(status=Status.PENDING, attempts__gt=0).count(),
    }


def texts_open(user) -> QuerySet:
    """Texts from patients still waiting for the desk, oldest first."""
    texts = InboundText.objects.filter(handled_at__isnull=True, kind=InboundText.Kind.REPLY)
    if not access.may_see_all_patients(user):
        texts = texts.filter(patient__in=access.patients_visible_to(user))
    return texts.select_related("patient").order_by("received_at")


def texts_open_count(user) -> int:
    return texts_open(user).order_by().count()


def texts_recent_opt_outs(user, limit: int = 20) -> list[InboundText]:
    texts = InboundText.objects.exclude(kind=InboundText.Kind.REPLY)
    if not access.may_see_all_patients(user):
        texts = texts.filter(patient__in=access.patients_visible_to(user))
    return list(texts.select_related("patient").order_by("-received_at")[:limit])

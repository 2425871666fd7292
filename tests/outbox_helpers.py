"""Shared by the tests that count what a sweep sends: send what the outbox already holds (the
confirmations a fixture's bookings wrote) and forget it, so a test counts only its own."""

from datetime import datetime

from django.core import mail
from django.utils import timezone

from outbox.sending import messages_send_due


def outbox_flush(now: datetime | None = None) -> int:
    sent = messages_send_due(now=now or timezone.now()).sent
    mail.outbox.clear()
    return sent

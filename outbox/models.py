"""Every message that leaves the clinic, email or text, is first a row here.

The row holds the message exactly as it was written when the event happened (what was booked,
moved or cancelled at that moment), so a lost broker message, a worker error or a later change
to the booking never loses or rewrites it. The sweep (outbox/sending.py) claims due rows,
sends each once and marks it; staff see every row and can send one again.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking, Patient

from .kinds import message_kind_label


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    class Kind:
        """The names of the kinds declared today. Each is declared, with its label, channels
        and quiet hours, by the app that sends it (outbox/kinds.py); a new app declares its
        own and needs no name here."""

        BOOKING_CONFIRMED = "booking_confirmed"
        BOOKING_MOVED = "booking_moved"
        BOOKING_CANCELLED = "booking_cancelled"
        APPOINTMENT_REMINDER = "appointment_reminder"
        CARE_TIP = "care_tip"
        NEXT_SESSION = "next_session"
        CONCERN_ALERT = "concern_alert"
        CONCERN_REPLY = "concern_reply"
        FORMS_REQUEST = "forms_request"
        FORMS_REMINDER = "forms_reminder"
        CONTACT_CODE = "contact_code"
        CONTACT_CHANGED = "contact_changed"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to go"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        SKIPPED = "skipped", "Not sent"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A declared kind's name (outbox/kinds.py): no choices here, so a new kind is no migration.
    kind = models.CharField(max_length=24)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    # Every row version of a message (written, claimed, sent) updates each of its indexes:
    # the table keeps few, and partial ones where most rows have nothing to index.
    patient = models.ForeignKey(
        Patient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        db_index=False,  # message_patient starts with it
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    # Whom it goes to: an email address or an E.164 phone number.
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(help_text="The plain-text body (the whole of a text message).")
    html = models.TextField(blank=True)
    calendar = models.TextField(blank=True, help_text="An iCalendar invitation, if any.")
    headers = models.JSONField(default=dict, blank=True)
    reply_to = models.CharField(max_length=254, blank=True)
    # The same for every attempt at this row, so a copy that went twice (a worker killed
    # between the mail server's acceptance and the row's mark) is recognisably one message.
    message_id = models.CharField(max_length=200)

    due_at = models.DateTimeField(default=timezone.now)
    # Not worth sending after this (an appointment reminder once the appointment began).
    expires_at = models.DateTimeField(null=True, blank=True)
    # A confirmation or reminder of a booking that has since been cancelled would only confuse.
    needs_live_booking = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was not sent.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    resend_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resends",
        db_index=False,
    )
    # The SMS provider's id for a text it accepted (its delivery reports name it).
    provider_ref = models.CharField(max_length=64, blank=True)
    # For messages an event writes (a booking's confirmation of sequence 3): the event can be
    # announced twice, the message is written once. NULL, not "", for the many messages no
    # event writes: the unique constraint (message_event_once) indexes only the set ones.
    event_key = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep's question: what is pending and due?
            # (due_at, id): the claim's order, read off the index with no sort.
            models.Index(
                fields=["due_at", "id"], condition=Q(status="pending"), name="message_due"
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="message_sending"
            ),
            models.Index(fields=["sent_at"], condition=Q(status="sent"), name="message_sent_at"),
            models.Index(
                fields=["due_at", "id"], condition=Q(status="failed"), name="message_failed"
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(status="pending", attempts__gt=0),
                name="message_retrying",
            ),
            models.Index(fields=["patient", "-created_at"], name="message_patient"),
            models.Index(
                fields=["provider_ref"], condition=~Q(provider_ref=""), name="message_provider_ref"
            ),
            models.Index(
                fields=["created_by"],
                condition=Q(created_by__isnull=False),
                name="message_created_by",
            ),
            models.Index(
                fields=["resend_of"], condition=Q(resend_of__isnull=False), name="message_resend_of"
            ),
        ]
        constraints = [
            # As constraints, not unique fields: PostgreSQL then gets no second (LIKE) index.
            models.UniqueConstraint(fields=["message_id"], name="message_id_once"),
            models.UniqueConstraint(
                fields=["event_key"],
                condition=Q(event_key__isnull=False),
                name="message_event_once",
            ),
            models.CheckConstraint(condition=~Q(to=""), name="message_has_an_address"),
            models.CheckConstraint(
                condition=Q(channel="sms") | ~Q(subject=""), name="message_email_has_a_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} by {self.get_channel_display().lower()} ({self.status})"

    @property
    def kind_label(self) -> str:
        return message_kind_label(self.kind)


def _short_code() -> str:
    return secrets.token_urlsafe(8)  # 11 characters, 64 random bits: not guessable


class ShortLink(models.Model):
    """A short path (/m/<code>) standing for a long signed link, so a text fits in one
    segment. It is as secret as the link it stands for, and leads only there."""

    code = models.CharField(max_length=16, unique=True, default=_short_code)
    target = models.CharField(max_length=600)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.code


class InboundText(models.Model):
    """A text a patient sent to the clinic's number: a reply for the front desk's queue, or a
    STOP / START that changes whether texts may go to that number."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        STOP = "stop", "Stopped texts"
        START = "start", "Started texts again"
        HELP = "help", "Asked for help"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The provider's id: a webhook it retries is recorded once.
    provider_ref = models.CharField(max_length=64, unique=True)
    from_number = models.CharField(max_length=20)
    body = models.TextField(max_length=1600, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REPLY)
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="texts_received"
    )
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(handled_at__isnull=True, kind="reply"),
                name="inbound_text_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.from_number}"

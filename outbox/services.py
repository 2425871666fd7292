"""Every write of the outbox: writing a message down, and the staff's resend and cancel.

A message's status moves only through outbox/states.py (message_move, messages_move), along
its ALLOWED_MOVES; each move is one guarded UPDATE (... WHERE status = <from>), so two sweeps,
or a sweep and a person, can never both move one row.
"""

import contextlib
from collections.abc import Callable, Iterable
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings import access, preferences
from bookings.audit import audit_record
from bookings.models import AuditEntry, Booking, Patient
from bookings.phones import phone_e164

from .kinds import message_kind, message_kind_label
from .models import InboundText, Message
from .selectors import message_unwanted_because
from .states import message_move, messages_move

Status = Message.Status


class OutboxError(Exception):
    """A request that cannot be carried out; `str()` is safe to show."""


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _one_line(text: str) -> str:
    # A line break in a subject (a clinic name typed over two lines) would make the mail
    # library refuse the whole message; it is a space to a reader anyway.
    return " ".join(text.split())[:300]


def message_build(
    *,
    kind: str,
    to: str,
    text: str,
    channel: str = Message.Channel.EMAIL,
    subject: str = "",
    html: str = "",
    calendar: str = "",
    headers: dict | None = None,
    reply_to: str = "",
    patient: Patient | None = None,
    booking: Booking | None = None,
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
    needs_live_booking: bool = False,
    event_key: str | None = None,
    created_by=None,
    resend_of: Message | None = None,
) -> Message:
    """A message as it will be written down (not saved: the sweep saves a batch at once). Its
    kind must be declared (outbox/kinds.py), and for the channel it goes by."""
    if channel not in message_kind(kind).channels:
        raise ValueError(f"A {kind} message does not go by {channel}")
    message = Message(
        kind=kind,
        channel=channel,
        to=to.strip(),
        subject=_one_line(subject),
        text=text,
        html=html,
        calendar=calendar,
        headers=headers or {},
        reply_to=reply_to,
        patient=patient,
        booking=booking,
        due_at=due_at or timezone.now(),
        expires_at=expires_at,
        needs_live_booking=needs_live_booking,
        event_key=event_key,
        created_by=created_by,
        resend_of=resend_of,
    )
    message.message_id = f"<{message.public_id.hex}@{site_domain()}>"
    return message


def _message_save(message: Message) -> Message:
    """Saves a built message; an event's message saved before (the event announced twice:
    the same `event_key`) is returned instead of a second row."""
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if message.event_key is None:
            raise
        return Message.objects.get(event_key=message.event_key)
    return message


def message_queue(*, wake: bool = True, **fields) -> Message:
    """Write a message down to be sent by the sweep. With `event_key`, an event announced
    twice writes one message: the second call returns the first row.

    Runs inside the caller's transaction (a booking and its confirmation commit together);
    `wake` asks a worker to run the sweep right after that commit instead of within a minute.
    """
    built = message_build(**fields)
    message = _message_save(built)
    if wake and message is built:
        messages_wake()
    return message


def email_fields(email: EmailMultiAlternatives) -> dict:
    """What a message row keeps of an email a builder made: its subject, both bodies, the
    .ics, its headers."""
    html = next((body for body, mime in email.alternatives if mime == "text/html"), "")
    calendar = next(
        (
            content.decode() if isinstance(content, bytes) else content
            for _name, content, mime in email.attachments
            if (mime or "").startswith("text/calendar")
        ),
        "",
    )
    return {
        "to": email.to[0],
        "subject": email.subject,
        "text": email.body,
        "html": html,
        "calendar": calendar,
        "headers": dict(email.extra_headers),
        "reply_to": email.reply_to[0] if email.reply_to else "",
    }


def message_queue_email(email: EmailMultiAlternatives, *, kind: str, **meta) -> Message:
    return message_queue(kind=kind, **email_fields(email), **meta)


def messages_build_for(
    *,
    patient: Patient,
    kind: str,
    text: Callable[[], str],
    email: Callable[[], EmailMultiAlternatives],
    channels: Iterable[str] | None = None,
    event_key: Callable[[str], str] | None = None,
    **meta,
) -> list[Message]:
    """The messages of `kind` to `patient`: one by each channel they take (preferences.py;
    or `channels`), its words from the caller's `text()` or `email()`, built only for the
    channels it goes by. Not saved: a sweep writes a batch in one INSERT."""
    return [
        _message_build_by(channel, patient=patient, kind=kind, text=text, email=email, **fields)
        for channel, fields in _per_channel(patient, channels, event_key, meta)
    ]


def message_queue_for(
    *,
    patient: Patient,
    kind: str,
    text: Callable[[], str],
    email: Callable[[], EmailMultiAlternatives],
    channels: Iterable[str] | None = None,
    event_key: Callable[[str], str] | None = None,
    on_failure: Callable[[dict, Exception], Message] | None = None,
    **meta,
) -> list[Message]:
    """As messages_build_for, written down now (message_queue). With `on_failure`, a
    message that cannot be built (a broken template) is handed to it instead, in a
    savepoint of its own, and the others still go."""
    written, woken = [], False
    for channel, fields in _per_channel(patient, channels, event_key, meta):
        guard = transaction.atomic() if on_failure is not None else contextlib.nullcontext()
        try:
            with guard:
                built = _message_build_by(
                    channel, patient=patient, kind=kind, text=text, email=email, **fields
                )
                saved = _message_save(built)
                written.append(saved)
                woken = woken or saved is built
        except Exception as error:
            if on_failure is None:
                raise
            meta_of = {"kind": kind, "channel": channel, "patient": patient, **fields}
            written.append(on_failure(meta_of, error))
    if woken:
        messages_wake()
    return written


def _per_channel(patient, channels, event_key, meta):
    for channel in channels if channels is not None else preferences.channels_for(patient):
        yield channel, {**meta, "event_key": event_key(channel) if event_key else None}


def _message_build_by(channel: str, *, patient: Patient, text, email, **fields) -> Message:
    if channel == preferences.SMS:
        return message_build(
            channel=channel, patient=patient, to=phone_e164(patient.phone), text=text(), **fields
        )
    return message_build(channel=channel, patient=patient, **email_fields(email()), **fields)


def messages_wake() -> None:
    """After this transaction commits, a worker sweeps: a confirmation goes within seconds.
    If the wake-up is lost (a Redis flush), the minute's beat sweep still finds the row."""
    from .tasks import outbox_sweep

    transaction.on_commit(outbox_sweep.delay)


def messages_cancel_for_booking(*, booking: Booking, kinds: list[str]) -> int:
    """The booking is off: what was still waiting to go about it is moot."""
    return messages_move(
        Message.objects.filter(booking=booking, kind__in=kinds),
        from_status=Status.PENDING,
        to_status=Status.CANCELLED,
        reason="The booking was cancelled",
    )


def _staff_check(actor, message: Message, what: str) -> None:
    if actor is None:  # the system itself
        return
    allowed = access.may_handle_reminders(actor) and (
        message.patient is None or access.may_see_patient(actor, message.patient)
    )
    access.require(allowed, actor=actor, what=what, patient=message.patient)


@transaction.atomic
def message_resend(*, message: Message, actor, now: datetime | None = None) -> Message:
    """Staff: send this message again. A failed one goes back in line as it is (the same
    Message-ID: it never arrived); one that was sent goes again as a new message of its own."""
    _staff_check(actor, message, "resend message")
    now = now or timezone.now()
    if message.status in (Status.PENDING, Status.SENDING):
        raise OutboxError("This message is already waiting to go out.")
    if message.patient is not None and message.patient.erased_at is not None:
        raise OutboxError("This patient's data was erased at their request: nothing is sent.")
    if (why_not := message_unwanted_because(message, now=now)) is not None:
        raise OutboxError(f"Not sent again: {why_not.lower()}, so it would only confuse.")
    try:
        message_kind(message.kind)
    except LookupError:
        raise OutboxError("No part of the app sends this kind of message any more.") from None
    if message.status == Status.FAILED:
        message_move(
            message,
            from_status=Status.FAILED,
            to_status=Status.PENDING,
            due_at=now,
            attempts=0,
        )
        again = message
        messages_wake()
    else:
        again = message_queue(
            kind=message.kind,
            channel=message.channel,
            to=message.to,
            subject=message.subject,
            text=message.text,
            html=message.html,
            calendar=message.calendar,
            headers=message.headers,
            reply_to=message.reply_to,
            patient=message.patient,
            booking=message.booking,
            created_by=actor,
            resend_of=message,
        )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        what="message sent again",
        patient=message.patient,
        booking=message.booking,
        detail={"message": message.kind_label, "channel": message.channel},
    )
    again.refresh_from_db()
    return again


@transaction.atomic
def message_cancel(*, message: Message, actor) -> Message:
    _staff_check(actor, message, "cancel message")
    if not message_move(
        message, from_status=Status.PENDING, to_status=Status.CANCELLED, reason="Cancelled by staff"
    ):
        raise OutboxError("Only a message still waiting to go out can be cancelled.")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        what="message cancelled",
        patient=message.patient,
        booking=message.booking,
        detail={"message": message.kind_label, "channel": message.channel},
    )
    message.refresh_from_db()
    return message


def patient_messages_move(*, keep: Patient, merged: Patient) -> None:
    """Two records of one patient were merged: their messages follow."""
    Message.objects.filter(patient=merged).update(patient=keep)


BOOKING_EVENT_KINDS = {
    "confirmed": Message.Kind.BOOKING_CONFIRMED,
    "moved": Message.Kind.BOOKING_MOVED,
    "cancelled": Message.Kind.BOOKING_CANCELLED,
}


def booking_message_queue(
    *, booking: Booking, event: str, previous_start: datetime | None = None, again: bool = False
) -> list[Message]:
    """The messages an event of a booking sends (an email, a text, or both, as the patient
    chose), written now from the booking as it is now.

    Called inside the booking's transaction. If a message cannot be written (a broken
    template), the booking still goes through and a row says so to the staff, rather than
    the patient's booking failing over its email.
    """
    from bookings.emails import booking_email_build
    from bookings.links import booking_manage_path

    from .texts import booking_text_build

    def text() -> str:
        manage = booking_manage_path(booking) if event != "cancelled" else None
        return booking_text_build(
            booking=booking, event=event, manage_path=manage, previous_start=previous_start
        )

    return message_queue_for(
        patient=booking.patient,
        kind=BOOKING_EVENT_KINDS[event],
        text=text,
        email=lambda: booking_email_build(
            booking=booking, event=event, previous_start=previous_start
        ),
        booking=booking,
        # A confirmation or move of a booking cancelled before it went out would confuse.
        needs_live_booking=event != "cancelled",
        # Sent again on request: a message of its own, not the event's.
        event_key=None
        if again
        else lambda channel: f"booking:{booking.pk}:{event}:{booking.sequence}:{channel}",
        # Any failure to write one is shown to staff; the booking still goes through.
        on_failure=lambda meta, error: _unwritten(meta, booking=booking, error=error),
    )


def _unwritten(meta: dict, *, booking: Booking, error: Exception) -> Message:
    to = phone_e164(booking.patient.phone) if meta["channel"] == preferences.SMS else None
    message = message_queue(
        to=to or booking.patient.email,
        subject=f"({message_kind_label(meta['kind'])} could not be written)",
        text="",
        wake=False,
        **meta,
    )
    message_move(
        message,
        from_status=Status.PENDING,
        to_status=Status.SKIPPED,
        reason="Could not be written",
        last_error=f"{type(error).__name__}: {error}"[:500],
    )
    return message


STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "UNSTOP", "YES"}
HELP_WORDS = {"HELP", "INFO"}


def _patients_with_number(number: str) -> list[Patient]:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return []
    national = str(parsed.national_number)
    digits = [national, f"{parsed.country_code}{national}"]
    return list(Patient.objects.filter(phone_digits__in=digits, merged_into__isnull=True))


@transaction.atomic
def text_received(*, provider_ref: str, from_number: str, body: str) -> InboundText | None:
    """A text to the clinic's number. STOP (and its synonyms) stops texts to that number for
    every patient who has it; START allows them again; anything else waits in the front
    desk's queue. A webhook delivered twice is recorded once (None the second time)."""
    word = " ".join(body.split()).upper().strip(".!")
    kind = (
        InboundText.Kind.STOP
        if word in STOP_WORDS
        else InboundText.Kind.START
        if word in START_WORDS
        else InboundText.Kind.HELP
        if word in HELP_WORDS
        else InboundText.Kind.REPLY
    )
    patients = _patients_with_number(from_number)
    try:
        with transaction.atomic():
            received = InboundText.objects.create(
                provider_ref=provider_ref,
                from_number=from_number[:20],
                body=body[:1600],
                kind=kind,
                patient=patients[0] if patients else None,
            )
    except IntegrityError:
        return None
    if kind in (InboundText.Kind.STOP, InboundText.Kind.START):
        stopped = timezone.now() if kind == InboundText.Kind.STOP else None
        for patient in patients:
            Patient.objects.filter(pk=patient.pk).update(sms_stopped_at=stopped)
            audit_record(
                by_patient=True,
                action=AuditEntry.Action.CHANGE,
                what="texts stopped (STOP)" if stopped else "texts started again (START)",
                patient=patient,
            )
        if stopped:
            # Texts already written for that number go no further.
            messages_move(
                Message.objects.filter(channel=Message.Channel.SMS, to=from_number),
                from_status=Status.PENDING,
                to_status=Status.CANCELLED,
                reason="The patient replied STOP",
            )
    return received


def text_delivery_report(*, provider_ref: str, status: str, error_code: str = "") -> bool:
    """The provider says a text it accepted could not be delivered: it shows as failed."""
    if status not in ("failed", "undelivered"):
        return False
    message = Message.objects.filter(provider_ref=provider_ref, channel="sms").first()
    if message is None:
        return False
    detail = f"The provider reports it {status}" + (f" (error {error_code})" if error_code else "")
    return message_move(
        message, from_status=Status.SENT, to_status=Status.FAILED, last_error=detail[:500]
    )


@transaction.atomic
def text_handle(*, text: InboundText, actor) -> bool:
    allowed = access.may_handle_reminders(actor) and (
        access.may_see_all_patients(actor)
        if text.patient is None
        else access.may_see_patient(actor, text.patient)
    )
    access.require(allowed, actor=actor, what="handle text", patient=text.patient)
    changed = InboundText.objects.filter(pk=text.pk, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=actor
    )
    if changed:
        audit_record(
            actor=actor, action=AuditEntry.Action.CHANGE, what="text handled", patient=text.patient
        )
    return bool(changed)

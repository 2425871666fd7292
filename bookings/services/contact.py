"""A patient corrects their own email or mobile number, proved by a code sent to the new one.

The one home of the rules: what a new address must be, how many codes a patient may ask for,
how long a code lasts and how many wrong tries it takes. Written for the manage page today;
nothing here knows about bookings, so the patient's own account can call it as it is.

- contact_change_start: checks the new address, keeps a keyed hash of a fresh 6-digit code
  (never the code), and announces it; the outbox writes the one message that carries the
  code to the NEW address, in the same transaction.
- contact_change_confirm: under a row lock, counts the try, and on the right code changes
  the record through patient_update (which writes the audit row) and announces it, so the
  outbox tells the OLD address.

Locks are always taken patient first, then the change, so a start and a confirm of one
patient at once wait for each other instead of deadlocking.
"""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .. import patient_data, signals
from ..audit import audit_record
from ..models import (
    CONTACT_CODE_MINUTES,
    CONTACT_CODE_TRIES,
    AuditEntry,
    ContactChange,
    Patient,
)
from ..phones import phone_can_text, phone_e164
from .booking import BookingError
from .patients import patient_update

Kind = ContactChange.Kind

CODE_DIGITS = 6
# Each code is a message sent on a public page's request: a few an hour is plenty for a
# patient who mistyped, and stops the page being used to flood someone's inbox or phone.
CODES_PER_HOUR = 3
THROTTLE_WINDOW = timedelta(hours=1)
HASH_SALT = "bookings.contact-change"

# The patient's field each kind of contact changes.
FIELDS = {Kind.EMAIL: "email", Kind.PHONE: "phone"}
NOUNS = {Kind.EMAIL: "email", Kind.PHONE: "mobile number"}

CALL_US = "Please call us to change your details."


class ContactChangeError(BookingError):
    """A change that cannot be started or confirmed; `str()` is safe to show the patient."""


def contact_email_normalize(raw: str) -> str | None:
    """The email as the record keeps it, the domain in lower case (mail is delivered the same
    whatever its capitals; the part before the @ is the mailbox owner's to decide); None for
    what is not an email."""
    email = raw.strip()
    if len(email) > 254:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return None
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def contact_value_normalize(*, kind: str, value: str) -> str:
    """The new email or phone as the record will keep it, or a refusal in words."""
    if kind == Kind.EMAIL:
        email = contact_email_normalize(value)
        if email is None:
            raise ContactChangeError("Enter an email address like name@example.com.")
        return email
    if kind == Kind.PHONE:
        phone = phone_e164(value)
        if phone is None:
            raise ContactChangeError("Enter a mobile number we can text, e.g. (312) 555-0148.")
        if not phone_can_text(phone):
            raise ContactChangeError(
                "We send the code by text message, so this needs to be a mobile number."
            )
        return phone
    raise ValueError(f"Not a kind of contact: {kind!r}")


def _code_new() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _code_hash(change: ContactChange, code: str) -> str:
    # Keyed with SECRET_KEY and bound to this change: the table alone (a backup, a leak) does
    # not give the code away, and one code's hash is no use for another change.
    return salted_hmac(HASH_SALT, f"{change.public_id.hex}:{code}", algorithm="sha256").hexdigest()


def _is_current(patient: Patient, *, kind: str, value: str) -> bool:
    if kind == Kind.EMAIL:
        return patient.email.strip().lower() == value.lower()
    return phone_e164(patient.phone) == value


def _throttle_refusal(patient: Patient, *, now: datetime) -> str | None:
    recent = list(
        ContactChange.objects.filter(patient=patient, created_at__gt=now - THROTTLE_WINDOW)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:CODES_PER_HOUR]
    )
    if len(recent) < CODES_PER_HOUR:
        return None
    again = timezone.localtime(recent[0] + THROTTLE_WINDOW)
    return (
        f"We've sent you {CODES_PER_HOUR} codes in the last hour, the most we send. "
        f"Please try again after {again:%-I:%M %p}."
    )


def contact_change_start(
    *, patient: Patient, kind: str, new_value: str, now: datetime | None = None
) -> ContactChange:
    """Ask to change the patient's email or mobile number to `new_value`: refused for what is
    not an email or a textable number, an email on another patient's record (one patient per
    email is a database rule), the address they already have, and past CODES_PER_HOUR. An
    earlier open change of the same kind stops working. The record itself is not touched."""
    if kind not in FIELDS:
        raise ValueError(f"Not a kind of contact: {kind!r}")
    value = contact_value_normalize(kind=kind, value=new_value)
    noun = NOUNS[kind]
    with transaction.atomic():
        # The patient's row is the lock that makes "three an hour" and "one open change" hold
        # when the form is sent twice at once.
        patient = Patient.objects.select_for_update().get(pk=patient.pk)
        now = now or timezone.now()
        if patient.erased_at is not None or patient.merged_into_id is not None:
            raise ContactChangeError(CALL_US)
        if _is_current(patient, kind=kind, value=value):
            raise ContactChangeError(f"That is already your {noun}.")
        if (
            kind == Kind.EMAIL
            and Patient.objects.filter(email__iexact=value).exclude(pk=patient.pk).exists()
        ):
            raise ContactChangeError(
                "That email is on another patient's record, so it can't be used here. "
                "Please call us and we'll sort it out."
            )
        refusal = _throttle_refusal(patient, now=now)
        if refusal:
            raise ContactChangeError(refusal)
        ContactChange.objects.filter(
            patient=patient, kind=kind, confirmed_at__isnull=True, replaced_at__isnull=True
        ).update(replaced_at=now)
        code = _code_new()
        change = ContactChange(
            patient=patient,
            kind=kind,
            new_value=value,
            created_at=now,
            expires_at=now + timedelta(minutes=CONTACT_CODE_MINUTES),
        )
        change.code_hash = _code_hash(change, code)
        try:
            with transaction.atomic():
                change.save()
        except IntegrityError as error:  # the patient lock makes this a should-not-happen
            raise ContactChangeError("A code was just sent: please use that one.") from error
        audit_record(
            by_patient=True,
            action=AuditEntry.Action.CREATE,
            what=f"{noun} change asked (by the patient)",
            patient=patient,
            detail={"contact": kind},
        )
        signals.contact_change_announced.send(
            sender=ContactChange, change=change, event="code", code=code
        )
    return change


def _confirm_refusal(change: ContactChange, *, now: datetime) -> str | None:
    if change.confirmed_at is not None:
        return f"This code was already used: your {NOUNS[change.kind]} is changed."
    if change.replaced_at is not None:
        return "We've sent a newer code since: please type the one in the latest message."
    if change.attempts >= CONTACT_CODE_TRIES:
        return "That was too many wrong tries for this code. Ask for a new one."
    if now >= change.expires_at:
        return (
            f"This code has expired (codes last {CONTACT_CODE_MINUTES} minutes). Ask for a new one."
        )
    return None


def _wrong_code(tries_left: int) -> str:
    if tries_left <= 0:
        return "That code isn't right, and that was the last try. Ask for a new code."
    return f"That code isn't right. {tries_left} {'try' if tries_left == 1 else 'tries'} left."


def contact_change_confirm(
    *, change: ContactChange, code: str, now: datetime | None = None
) -> Patient:
    """The patient typed `code`: on the right one, before it expires and within
    CONTACT_CODE_TRIES, their record takes the new email or phone (audited as theirs) and the
    old address is told. A wrong code counts as a try, and the count is kept even though the
    call raises. Two confirms at once change the record once: the row lock settles it."""
    typed = "".join(code.split()).replace("-", "")
    if not (len(typed) == CODE_DIGITS and typed.isascii() and typed.isdigit()):
        # Not a guess at all (a letter, a digit short): no try is spent on it.
        raise ContactChangeError(f"Enter the {CODE_DIGITS} digits of the code we sent.")
    refusal = None
    with transaction.atomic():
        patient = Patient.objects.select_for_update().get(pk=change.patient_id)
        locked = ContactChange.objects.select_for_update().filter(pk=change.pk).first()
        if locked is None:  # erased with the patient's data since the page was opened
            raise ContactChangeError("This code no longer works. Ask for a new one.")
        change = locked
        now = now or timezone.now()
        refusal = _confirm_refusal(change, now=now)
        right = constant_time_compare(_code_hash(change, typed), change.code_hash)
        if refusal is None and not right:
            change.attempts += 1
            change.save(update_fields=["attempts"])
            refusal = _wrong_code(CONTACT_CODE_TRIES - change.attempts)
        if refusal is None:
            field = FIELDS[change.kind]
            old_value = getattr(patient, field)
            # Read before the change: a new number lifts the STOP (patient_update), but the
            # old number that said it still must not be texted.
            old_number_stopped = patient.sms_stopped_at is not None
            change.confirmed_at = now
            change.save(update_fields=["confirmed_at"])
            try:
                patient = patient_update(
                    actor=None, by_patient=True, patient=patient, **{field: change.new_value}
                )
            except BookingError as error:  # the email was taken since the code went out
                raise ContactChangeError(
                    "That email is now on another patient's record, so it can't be used here. "
                    "Please call us and we'll sort it out."
                ) from error
            signals.contact_change_announced.send(
                sender=ContactChange,
                change=change,
                event="confirmed",
                old_value=old_value,
                old_number_stopped=old_number_stopped,
            )
    # Raised outside the transaction: the wrong try it counted is committed.
    if refusal is not None:
        raise ContactChangeError(refusal)
    return patient


def contact_change_open(*, patient: Patient, public_id) -> ContactChange | None:
    """The patient's change with that id (for the page that asks for its code), or None."""
    return ContactChange.objects.filter(patient=patient, public_id=public_id).first()


# A patient's copy of their data names the changes they asked for; erasure removes them (the
# addresses typed are theirs). Registered here, at import, which happens with any service.
def _export(patient: Patient) -> list[dict]:
    return [
        {
            "contact": change.get_kind_display(),
            "new_value": change.new_value,
            "asked_at": timezone.localtime(change.created_at).isoformat(),
            "confirmed_at": timezone.localtime(change.confirmed_at).isoformat()
            if change.confirmed_at
            else None,
        }
        for change in ContactChange.objects.filter(patient=patient).order_by("created_at")
    ]


def _erase(patient: Patient) -> None:
    ContactChange.objects.filter(patient=patient).delete()


patient_data.register(name="contact_changes", export=_export, erase=_erase)

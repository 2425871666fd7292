"""The two messages of a patient's change of email or phone (bookings/services/contact.py):
the code, to the new address only, and afterwards a word to the old address that it was
replaced, so a change the patient did not make does not go unnoticed.

Plain words and nothing else: no name, no appointment, nothing about their skin or the
treatment, and the new address only in part, since whoever reads the old one may not be the
patient any more.
"""

from bookings.models import CONTACT_CODE_MINUTES, ContactChange
from bookings.phones import phone_can_text, phone_display, phone_e164
from treatments.models import Clinic

from .models import Message
from .services import message_queue
from .texts import gsm_plain

Kind = ContactChange.Kind


def _clinic() -> Clinic | None:
    return Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()


def email_masked(email: str) -> str:
    """ "an…@gm….com" for "ana@gmail.com": enough for the owner to recognise it, not enough
    for anyone else to write to it."""
    local, _, domain = email.rpartition("@")
    name, dot, top = domain.rpartition(".")
    shown_domain = f"{name[:2]}…{dot}{top}" if name else f"{domain[:2]}…"
    return f"{local[:2]}…@{shown_domain}"


def phone_masked(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return f"one ending in {digits[-2:]}"


def contact_code_queue(*, change: ContactChange, code: str) -> Message:
    """The code, to the new address: an email for an email, a text for a phone."""
    clinic = _clinic()
    name = clinic.name if clinic else "your clinic"
    what = "this email" if change.kind == Kind.EMAIL else "this phone number"
    text = (
        f"Your code to confirm {what} for {name} is {code}. "
        f"It expires in {CONTACT_CODE_MINUTES} minutes. "
        "If you didn't ask for this, ignore this message."
    )
    meta = {
        "kind": Message.Kind.CONTACT_CODE,
        "patient": change.patient,
        # A code that arrives after it expired would only confuse: the sweep drops it.
        "expires_at": change.expires_at,
        "event_key": f"contact-change:{change.pk}:code",
    }
    if change.kind == Kind.PHONE:
        return message_queue(
            channel=Message.Channel.SMS, to=change.new_value, text=gsm_plain(text), **meta
        )
    return message_queue(
        channel=Message.Channel.EMAIL,
        to=change.new_value,
        subject=f"Your code for {name}",
        text=text + _signature(clinic),
        **meta,
    )


def _signature(clinic: Clinic | None) -> str:
    return f"\n\n{clinic.name}\n{clinic.phone}\n" if clinic else "\n"


def contact_changed_queue(
    *, change: ContactChange, old_value: str, old_number_stopped: bool
) -> Message | None:
    """A word to the old address that the record now has another. A phone's goes by text
    when that number can take one and had not said STOP (`old_number_stopped`, read before
    the change, which lifts it for the new number); otherwise by email, which has not
    changed. None when there was no old address to tell."""
    clinic = _clinic()
    name = clinic.name if clinic else "your clinic"
    call = f" please call us on {clinic.phone}" if clinic else " please call us"
    patient = change.patient
    if change.kind == Kind.EMAIL:
        what, now = "email", email_masked(change.new_value)
    else:
        what, now = "mobile number", phone_masked(change.new_value)
    # Short enough for one text segment with the demo clinic's name.
    text = f"The {what} on your record at {name} was changed to {now}. If that wasn't you,{call}."
    meta = {
        "kind": Message.Kind.CONTACT_CHANGED,
        "patient": patient,
        "event_key": f"contact-change:{change.pk}:changed",
    }
    if change.kind == Kind.PHONE:
        old_phone = phone_e164(old_value) if old_value else None
        if old_phone and phone_can_text(old_phone) and not old_number_stopped:
            return message_queue(
                channel=Message.Channel.SMS, to=old_phone, text=gsm_plain(text), **meta
            )
        if old_value:  # by email, the patient's own old number says which record it was
            text = text.replace(f"{what} on", f"{what} ({phone_display(old_value)}) on", 1)
        to = patient.email
    else:
        to = old_value
    if not to:
        return None
    return message_queue(
        channel=Message.Channel.EMAIL,
        to=to,
        subject=f"Your {what} at {name} was changed",
        text=text + _signature(clinic),
        **meta,
    )

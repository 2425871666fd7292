"""What care messages a patient wants: one home for the kinds, their switches on the patient's
record, and the signed links that change them.

Care messages go to every patient unless they stop a kind. Confirmations of what the patient
or the desk just did (booked, moved, cancelled) are not a kind here: they are the record of an
action, and always go.

The links never expire: RFC 8058 one-click unsubscribe links must keep working in old mail.
They carry the patient's random public id, signed under their own salt; nothing guessable.
"""

from dataclasses import dataclass

from django.urls import reverse

from practice.links import LinkKind, link_sign, link_values

from .models import Patient

PREFERENCES_LINK = LinkKind("bookings.message-preferences", fields=("p",), max_age_setting=None)
STOP_ALL = "all"  # in a stop link instead of a kind's slug


@dataclass(frozen=True)
class MessageKind:
    slug: str  # in URLs and outbox rows
    field: str  # the switch on Patient
    label: str
    explains: str


APPOINTMENT_REMINDERS = MessageKind(
    "appointment-reminders",
    "wants_appointment_reminders",
    "Appointment reminders",
    "A reminder before each appointment, with a link to move or cancel it.",
)
CARE_TIPS = MessageKind(
    "care-tips",
    "wants_care_tips",
    "Preparation and aftercare tips",
    "What to do before a session, and day-by-day care while your skin heals.",
)
NEXT_SESSION = MessageKind(
    "next-session",
    "wants_next_session_nudge",
    "Next-session reminders",
    "When the next session of your series is due, with a link to book it.",
)
KINDS = (APPOINTMENT_REMINDERS, CARE_TIPS, NEXT_SESSION)
BY_SLUG = {kind.slug: kind for kind in KINDS}
FIELDS = tuple(kind.field for kind in KINDS)


def patient_wants(patient: Patient, kind: MessageKind) -> bool:
    return bool(getattr(patient, kind.field))


def patient_wants_nothing(patient: Patient) -> bool:
    return not any(patient_wants(patient, kind) for kind in KINDS)


EMAIL, SMS = "email", "sms"


def channels_for(patient: Patient) -> list[str]:
    """Where a message to the patient goes: what they chose, except that a text needs a
    number that can take one and a patient who has not replied STOP. Never nowhere: if no
    text can go, email carries it."""
    from .phones import phone_can_text

    if patient.message_channel == Patient.Channel.EMAIL:
        return [EMAIL]
    if patient.sms_stopped_at is not None or not phone_can_text(patient.phone):
        return [EMAIL]
    return [SMS] if patient.message_channel == Patient.Channel.SMS else [EMAIL, SMS]


def preferences_token(patient: Patient) -> str:
    return link_sign(PREFERENCES_LINK, p=patient.public_id.hex)


def preferences_path(patient: Patient, *, token: str = "") -> str:
    """`token`: the patient's preferences token when the caller made it already (a message
    carries several links on the one token; signing is the costly part)."""
    return reverse("bookings:preferences", kwargs={"token": token or preferences_token(patient)})


def stop_kind_path(patient: Patient, kind: MessageKind, *, token: str = "") -> str:
    """The one-click unsubscribe link (List-Unsubscribe) of a message of `kind`."""
    return reverse(
        "bookings:preferences_stop",
        kwargs={"token": token or preferences_token(patient), "kind": kind.slug},
    )


def stop_all_path(patient: Patient) -> str:
    return reverse(
        "bookings:preferences_stop",
        kwargs={"token": preferences_token(patient), "kind": STOP_ALL},
    )


def patient_from_preferences_token(token: str) -> Patient | None:
    values = link_values(PREFERENCES_LINK, token)
    if values is None:
        return None
    patient = Patient.objects.filter(public_id=values["p"]).first()
    while patient is not None and patient.merged_into_id:
        # A merged duplicate's old links change the record kept.
        patient = patient.merged_into
    return patient

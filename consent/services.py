"""Every write to forms: publishing a form's new words, asking a patient to sign (by their
channel, through the outbox), signing, withdrawing a request, and handing the clinic's tablet
over. A request's signed_at and withdrawn_at are written here only (form_sign,
form_requests_withdraw): they are what makes a request open or closed."""

import base64
import binascii
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from bookings import access, preferences
from bookings.audit import audit_record
from bookings.models import AuditEntry, Booking, Patient
from bookings.selectors import clinic_zone
from outbox.models import Message
from outbox.schedule import quiet_hours_end
from outbox.services import message_queue_for, messages_cancel_for_booking

from . import rendering, selectors
from .access import may_handle_forms
from .messages import forms_email_build, forms_text_build
from .models import FormRequest, FormSubmission, FormTemplate, FormVersion, KioskSession
from .signers import name_is_the_patients

FORMS_KINDS = [Message.Kind.FORMS_REQUEST, Message.Kind.FORMS_REMINDER]
# How long before the session an unsigned form is asked for again.
REMINDER_BEFORE = timedelta(hours=48)
SIGNATURE_MAX_BYTES = 300_000


class ConsentError(Exception):
    """A form cannot be signed or sent as asked; `str()` is safe to show."""


# -- the clinic's forms -------------------------------------------------------------------


def form_version_latest(template: FormTemplate) -> FormVersion | None:
    return template.versions.order_by("-number").first()


def form_version_publish(*, template: FormTemplate, actor=None) -> FormVersion | None:
    """The template's words as a new version, unless they are the latest version's already.
    Versions are never edited: a patient's signature points at the words they read."""
    with transaction.atomic():
        FormTemplate.objects.select_for_update().get(pk=template.pk)
        digest = rendering.content_hash(
            title=template.title,
            body=template.body,
            questions=template.questions,
            photo_release_text=template.photo_release_text if template.asks_photo_release else "",
        )
        latest = form_version_latest(template)
        if latest is not None and latest.content_hash == digest:
            return None
        return FormVersion.objects.create(
            template=template,
            kind=template.kind,
            number=(latest.number if latest else 0) + 1,
            title=template.title,
            body=template.body,
            questions=template.questions,
            asks_photo_release=template.asks_photo_release,
            photo_release_text=template.photo_release_text if template.asks_photo_release else "",
            content_hash=digest,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )


# -- asking the patient -------------------------------------------------------------------


def form_request_open(
    *, patient: Patient, template: FormTemplate, booking: Booking | None, actor=None
) -> FormRequest:
    """The patient's open request for this form, made if there is none. The unique
    constraint settles two bookings racing: the loser takes the winner's row."""
    found = FormRequest.objects.filter(
        patient=patient, template=template, signed_at__isnull=True, withdrawn_at__isnull=True
    ).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return FormRequest.objects.create(
                patient=patient,
                template=template,
                booking=booking,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        return FormRequest.objects.get(
            patient=patient, template=template, signed_at__isnull=True, withdrawn_at__isnull=True
        )


def form_requests_withdraw(rows: QuerySet[FormRequest], *, now: datetime) -> int:
    """Withdraw the requests of `rows` still open (a merge's duplicates, an erasure's asking);
    how many. A signed or already withdrawn request keeps its date: the guard is in the UPDATE,
    so a form signed meanwhile is never shown as withdrawn."""
    return rows.filter(signed_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)


def _unsigned(booking: Booking) -> list[selectors.FormState]:
    return [state for state in selectors.booking_form_states(booking) if not state.is_signed]


def _queue(
    booking: Booking,
    *,
    titles: list[str],
    reminder: bool,
    due_at: datetime | None = None,
    sent_by=None,
) -> list:
    """One message per channel the patient takes, written now. What an event writes, it
    writes once (its event key), so a booking announced twice still asks once; what the desk
    sends again (`sent_by`) is a message of its own."""
    kind = Message.Kind.FORMS_REMINDER if reminder else Message.Kind.FORMS_REQUEST
    event = "forms-reminder" if reminder else "forms"
    return message_queue_for(
        patient=booking.patient,
        kind=kind,
        text=lambda: forms_text_build(booking=booking, reminder=reminder),
        email=lambda: forms_email_build(booking=booking, titles=titles, reminder=reminder),
        booking=booking,
        due_at=due_at,
        expires_at=booking.start,
        needs_live_booking=True,
        created_by=sent_by,
        event_key=None
        if sent_by
        else lambda channel: f"{event}:{booking.pk}:{booking.sequence}:{channel}",
    )


def _reminder_due(booking: Booking, *, now: datetime) -> datetime | None:
    """48 hours before the session, moved out of quiet hours; none if that is already past
    or so close to the first message that it would only repeat it."""
    due = booking.start - REMINDER_BEFORE
    local = due.astimezone(clinic_zone())
    due = quiet_hours_end(local) or due
    if due <= now + timedelta(hours=6) or due >= booking.start:
        return None
    return due


def forms_request_for_booking(
    *, booking: Booking, actor=None, now: datetime | None = None
) -> list[FormRequest]:
    """A treatment booked: ask for the forms it needs that are not signed (for its day), by
    the patient's channel, and write a reminder for 48 hours before in case they are still
    unsigned then. Inside the booking's transaction."""
    now = now or timezone.now()
    unsigned = _unsigned(booking)
    if not unsigned or booking.patient.erased_at is not None:
        return []
    requests = [
        form_request_open(
            patient=booking.patient, template=s.template, booking=booking, actor=actor
        )
        for s in unsigned
    ]
    titles = [s.template.title for s in unsigned]
    _queue(booking, titles=titles, reminder=False, due_at=now)
    forms_reminder_schedule(booking=booking, now=now)
    return requests


def forms_reminder_schedule(*, booking: Booking, now: datetime | None = None) -> None:
    """(Re)write the 48-hour reminder of a booking's unsigned forms: after a move, the old
    one is cancelled and one for the new time is written."""
    messages_cancel_for_booking(booking=booking, kinds=[Message.Kind.FORMS_REMINDER])
    unsigned = _unsigned(booking)
    if not unsigned or not preferences.patient_wants(
        booking.patient, preferences.APPOINTMENT_REMINDERS
    ):
        return
    due = _reminder_due(booking, now=now or timezone.now())
    if due is not None:
        titles = [s.template.title for s in unsigned]
        _queue(booking, titles=titles, reminder=True, due_at=due)


def forms_send_again(*, booking: Booking, actor) -> list[FormRequest]:
    """The desk sends the forms link again (the patient lost it): a message of its own."""
    access.require(
        may_handle_forms(actor, booking), actor=actor, what="send forms", booking=booking
    )
    unsigned = _unsigned(booking)
    if not unsigned:
        raise ConsentError("Every form for this appointment is signed.")
    with transaction.atomic():
        requests = [
            form_request_open(
                patient=booking.patient, template=s.template, booking=booking, actor=actor
            )
            for s in unsigned
        ]
        titles = [s.template.title for s in unsigned]
        _queue(booking, titles=titles, reminder=False, sent_by=actor)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            what="forms sent",
            booking=booking,
            detail={"forms": titles},
        )
    return requests


# -- signing ------------------------------------------------------------------------------


@dataclass
class Signature:
    typed_name: str
    signed_with: str  # FormSubmission.SignedWith
    png: bytes | None  # the drawn signature, checked
    # FormSubmission.Relationship: "" when the patient signs; else the typed name is that of
    # the parent, guardian or representative signing for them.
    relationship: str = ""


NAME_NOT_THE_PATIENTS = (
    "The name typed is not the patient's. Type the patient's full name, or, if you are signing "
    "for the patient as their parent or guardian, say so and type your own name."
)


def signature_png_clean(data_url: str) -> bytes:
    """The drawn signature as PNG bytes, or ConsentError: a real, small PNG with ink on it."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ConsentError("Please draw your signature again.")
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise ConsentError("Please draw your signature again.") from error
    if len(raw) > SIGNATURE_MAX_BYTES:
        raise ConsentError("That signature is too large; please draw it again.")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG" or image.width * image.height > 4_000_000:
                raise ConsentError("Please draw your signature again.")
            # Ink: some pixel not fully transparent (or not white on an opaque canvas).
            alpha = image.convert("RGBA").getchannel("A")
            if alpha.getextrema()[1] == 0:
                raise ConsentError("The signature box is empty: please sign with your finger.")
    except (UnidentifiedImageError, OSError) as error:
        raise ConsentError("Please draw your signature again.") from error
    return raw


def form_sign_from_link(
    *,
    booking: Booking,
    template: FormTemplate,
    version: FormVersion,
    answers: dict,
    photo_release: bool | None,
    signature: Signature,
    ip_address: str | None,
    user_agent: str,
    now: datetime | None = None,
) -> FormSubmission:
    """The patient signs one of a booking's forms from her link: its open request (opened if
    there is none), signed by `form_sign`, which decides under a lock whether the form is still
    needed for this booking."""
    if template not in selectors.forms_for_booking(booking):
        raise ConsentError("That is not a form of this appointment.")
    with transaction.atomic():
        # The patient's row first: whether the form is still needed and which request it
        # signs are decided by one racer at a time.
        Patient.objects.select_for_update().filter(pk=booking.patient_id).first()
        request = form_request_open(patient=booking.patient, template=template, booking=booking)
        return form_sign(
            request=request,
            version=version,
            answers=answers,
            photo_release=photo_release,
            signature=signature,
            signed_on=FormSubmission.SignedOn.PATIENT_LINK,
            ip_address=ip_address,
            user_agent=user_agent,
            booking=booking,
            now=now,
        )


ALREADY_SIGNED = "This form is already signed. Thank you."


def _signed_for(booking: Booking, template: FormTemplate) -> bool:
    """Whether `template` counts as signed for `booking` (its rules: validity in months)."""
    return any(
        state.is_signed
        for state in selectors.booking_form_states(booking)
        if state.template.pk == template.pk
    )


def form_sign(
    *,
    request: FormRequest,
    version: FormVersion,
    answers: dict,
    photo_release: bool | None,
    signature: Signature,
    signed_on: str,
    ip_address: str | None,
    user_agent: str,
    kiosk: KioskSession | None = None,
    booking: Booking | None = None,
    now: datetime | None = None,
) -> FormSubmission:
    """Sign an open request with the words the patient read (`version`), which must still be
    the form's latest, for `booking` (the request's own when not given). Exactly once: the
    patient's and the request's rows are locked, a second submit (a double tap, a second tab)
    is told it is signed, and only the clinic's tablet signs again over a form already signed
    for the booking (a correction). The typed name must be the patient's, unless the signer
    says they sign for the patient."""
    now = now or timezone.now()
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=request.patient_id).first()
        request = (
            FormRequest.objects.select_for_update().select_related("patient").get(pk=request.pk)
        )
        if not request.is_open:
            raise ConsentError(ALREADY_SIGNED)
        if version.template_id != request.template_id:
            raise ConsentError("That is not this form.")
        latest = form_version_latest(request.template)
        if latest is None or latest.pk != version.pk:
            raise ConsentError(
                "This form was updated while it was open: please read it again and sign."
            )
        patient = request.patient
        if not signature.relationship and not name_is_the_patients(
            signature.typed_name, first_name=patient.first_name, last_name=patient.last_name
        ):
            raise ConsentError(NAME_NOT_THE_PATIENTS)
        booking = booking if booking is not None else request.booking
        if kiosk is None and booking is not None and _signed_for(booking, request.template):
            # Ten simultaneous posts of one form (two tabs, a double tap): the first signs,
            # and, under the patient's lock, the others find the form signed.
            raise ConsentError(ALREADY_SIGNED)
        booking_id = booking.pk if booking is not None else None
        # Signed for this booking before: only the clinic's tablet (a correction) or a
        # signature that no longer counts (the visit moved past its validity) come here.
        signed_for_booking = FormSubmission.objects.filter(
            patient=patient, template_id=request.template_id, booking_id=booking_id
        ).exists()
        answers = {q["key"]: str(answers.get(q["key"], ""))[:1000] for q in version.questions}
        photo = photo_release if version.asks_photo_release else None
        label = f"{now.astimezone(clinic_zone()):%-d %B %Y at %-I:%M %p} ({settings.TIME_ZONE})"
        text = rendering.signed_text(
            version=version,
            answers=answers,
            photo_release=photo,
            typed_name=signature.typed_name,
            signed_with=signature.signed_with,
            signed_at_label=label,
            signed_for=patient.full_name if signature.relationship else "",
            relationship=FormSubmission.Relationship(signature.relationship).label
            if signature.relationship
            else "",
        )
        earlier = (
            FormSubmission.objects.filter(patient=patient, version__template=request.template)
            .order_by("-signed_at", "-id")
            .only("id")
            .first()
        )
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    request=request,
                    patient=patient,
                    version=version,
                    template_id=request.template_id,
                    booking_id=booking_id,
                    is_correction=signed_for_booking,
                    signer_relationship=signature.relationship,
                    rendered_text=text,
                    content_hash=rendering.text_hash(text),
                    answers=answers,
                    flags=rendering.answers_flags(version.questions, answers),
                    photo_release=photo,
                    typed_name=signature.typed_name,
                    signed_with=signature.signed_with,
                    signature_png=signature.png,
                    signed_at=now,
                    signed_on=signed_on,
                    ip_address=ip_address,
                    user_agent=user_agent[:400],
                    kiosk_started_by=kiosk.started_by if kiosk else None,
                    corrects=earlier,
                )
        except IntegrityError as error:
            if "form_signed_once_per_booking" not in str(error):
                raise
            raise ConsentError(ALREADY_SIGNED) from error  # the database's last word
        FormRequest.objects.filter(pk=request.pk).update(signed_at=now)
        if kiosk is not None:
            KioskSession.objects.filter(pk=kiosk.pk).update(ended_at=now)
        audit_record(
            by_patient=True,
            action=AuditEntry.Action.CREATE,
            what="form signed",
            patient=patient,
            booking=request.booking,
            detail={
                "form": version.title,
                "version": version.number,
                "on": signed_on,
                "tablet_handed_over_by": kiosk.started_by.get_username() if kiosk else "",
                "signed_by": signature.relationship or "patient",
            },
        )
        _reminders_drop_if_all_signed(patient, now=now)
    return submission


def _reminders_drop_if_all_signed(patient: Patient, *, now: datetime) -> None:
    """A reminder of forms that are all signed would only confuse: cancelled while waiting."""
    waiting = Booking.objects.filter(
        patient=patient,
        start__gt=now,
        messages__kind=Message.Kind.FORMS_REMINDER,
        messages__status=Message.Status.PENDING,
    ).distinct()
    for booking in waiting.select_related("appointment_type"):
        if not _unsigned(booking):
            messages_cancel_for_booking(booking=booking, kinds=[Message.Kind.FORMS_REMINDER])


# -- the clinic's tablet ------------------------------------------------------------------


def kiosk_start(*, booking: Booking, template: FormTemplate, actor) -> KioskSession:
    """Hand the clinic's tablet to the patient with one form on it. The form may be signed
    already: signing again is a correction, a new submission beside the old one."""
    access.require(
        may_handle_forms(actor, booking), actor=actor, what="forms on the tablet", booking=booking
    )
    if template not in selectors.forms_for_booking(booking):
        raise ConsentError("That form is not one this appointment needs.")
    with transaction.atomic():
        request = form_request_open(
            patient=booking.patient, template=template, booking=booking, actor=actor
        )
        session = KioskSession.objects.create(request=request, started_by=actor)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            what="form handed over on the tablet",
            booking=booking,
            detail={"form": template.title},
        )
    return session


def kiosk_end(*, kiosk: KioskSession, now: datetime | None = None) -> None:
    """The tablet handed back before signing: the handover ends, the form stays unsigned."""
    KioskSession.objects.filter(pk=kiosk.pk, ended_at__isnull=True).update(
        ended_at=now or timezone.now()
    )


def kiosk_for_token(token: str, *, now: datetime | None = None) -> KioskSession | None:
    """The tablet's session, while it has not ended or run out."""
    now = now or timezone.now()
    started_after = now - timedelta(minutes=settings.KIOSK_MINUTES)
    return (
        KioskSession.objects.select_related(
            "request__patient", "request__template", "request__booking", "started_by"
        )
        .filter(token=token, ended_at__isnull=True, started_at__gt=started_after)
        .first()
    )


# -- completing a treatment ---------------------------------------------------------------


def completion_check(*, booking: Booking, actor, override_reason: str) -> None:
    """A treatment is not completed while its consent is unsigned, unless a manager says why
    (recorded in the audit log, inside the completion's transaction)."""
    if not booking.appointment_type.is_treatment:
        return
    consent = selectors.consent_state(selectors.booking_form_states(booking))
    if consent is None or consent.is_signed:
        return
    from bookings.services import BookingError

    if actor is not None and access.may_complete_unsigned(actor, booking):
        if not override_reason:
            raise BookingError(
                f"The {consent.template.title} is not signed. Give the reason to complete "
                "without it, or ask the patient to sign on the clinic tablet."
            )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            what="completed without signed consent",
            booking=booking,
            detail={
                "form": consent.template.title,
                "state": consent.state,
                "reason": override_reason,
            },
        )
        return
    raise BookingError(
        f"The {consent.template.title} is not signed: the patient signs it first (on the "
        "clinic tablet from this page), or a manager completes it with a reason."
    )

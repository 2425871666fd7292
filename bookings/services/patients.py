"""Writes to a patient's record: contact details, message preferences, notes, and a manager's
merge of two records of one person."""

from itertools import pairwise

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import access, patient_data, preferences, signals
from ..audit import audit_record
from ..models import (
    AuditEntry,
    Booking,
    Note,
    Patient,
    PatientUpdate,
    TreatmentSession,
    phone_digits,
)
from ..phones import phone_e164
from .booking import BookingError, _is_patient_overlap

CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth", "preferred_contact")


def patient_update(*, actor, patient: Patient, by_patient: bool = False, **changes) -> Patient:
    """The desk corrects a patient's contact details or date of birth. The audit row names the
    fields changed (not their values: the log is read more widely than the record).
    `by_patient` (with no `actor`): the patient, who proved the new email or phone is theirs
    with a code sent to it (bookings/services/contact.py), so no staff role is asked."""
    if by_patient and actor is not None:
        raise ValueError("A change by the patient has no staff actor")
    if not by_patient:
        access.require(
            access.may_edit_patient(actor, patient),
            actor=actor,
            what="edit patient",
            patient=patient,
        )
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not contact details: {sorted(unknown)}")
    with transaction.atomic():
        patient = Patient.objects.select_for_update().get(pk=patient.pk)
        changed = [name for name, value in changes.items() if getattr(patient, name) != value]
        if not changed:
            return patient
        email = changes.get("email", patient.email).strip()
        if (
            "email" in changed
            and Patient.objects.filter(email__iexact=email).exclude(pk=patient.pk).exists()
        ):
            raise BookingError("Another patient already has this email.")
        old_number = phone_e164(patient.phone)
        for name in changed:
            setattr(patient, name, changes[name])
        patient.phone_digits = phone_digits(patient.phone)
        detail = {"fields": changed}
        if patient.sms_stopped_at is not None and phone_e164(patient.phone) != old_number:
            # STOP was replied from the old number, and a carrier keeps it for that number
            # only: the new number has said nothing, so texts may go to it (the patient's
            # channel choice still decides whether they do).
            patient.sms_stopped_at = None
            detail["texts"] = "the STOP from the old number no longer applies"
        try:
            with transaction.atomic():
                patient.save()
        except IntegrityError as error:
            raise BookingError("Another patient already has this email.") from error
        audit_record(
            actor=actor,
            by_patient=by_patient,
            action=AuditEntry.Action.CHANGE,
            what="patient details" + (" (by the patient)" if by_patient else ""),
            patient=patient,
            detail=detail,
        )
    return patient


def patient_preferences_set(*, patient: Patient, wants: dict[str, bool], actor=None) -> list[str]:
    """Turn kinds of care message on or off: by the patient through their signed link
    (`actor` None) or by the staff at the patient's request. Only the switches named in
    `wants` change. Audited either way, naming the kinds (never anything about health).
    Returns the labels of the kinds that changed."""
    if actor is not None:
        access.require(
            access.may_edit_patient(actor, patient),
            actor=actor,
            what="message preferences",
            patient=patient,
        )
    wants = dict(wants)
    channel = wants.pop("message_channel", None)
    if channel is not None and channel not in Patient.Channel.values:
        raise ValueError(f"Not a channel: {channel!r}")
    unknown = set(wants) - set(preferences.FIELDS)
    if unknown:
        raise ValueError(f"Not message preferences: {sorted(unknown)}")
    with transaction.atomic():
        patient = Patient.objects.select_for_update().get(pk=patient.pk)
        kinds = [kind for kind in preferences.KINDS if kind.field in wants]
        changed = [kind for kind in kinds if getattr(patient, kind.field) != wants[kind.field]]
        new_channel = channel not in (None, patient.message_channel)
        if not changed and not new_channel:
            return []
        for kind in changed:
            setattr(patient, kind.field, wants[kind.field])
        fields = [kind.field for kind in changed]
        detail = {
            "on": [kind.label for kind in changed if wants[kind.field]],
            "off": [kind.label for kind in changed if not wants[kind.field]],
        }
        if new_channel:
            patient.message_channel = channel
            fields.append("message_channel")
            detail["by"] = Patient.Channel(channel).label
            if channel != Patient.Channel.EMAIL and actor is None:
                # Choosing texts again on their own page undoes their earlier STOP.
                patient.sms_stopped_at = None
                fields.append("sms_stopped_at")
        patient.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            by_patient=actor is None,
            action=AuditEntry.Action.CHANGE,
            what="message preferences" + ("" if actor else " (by the patient)"),
            patient=patient,
            detail=detail,
        )
    labels = [kind.label for kind in changed]
    return [*labels, f"by {Patient.Channel(channel).label.lower()}"] if new_channel else labels


def patient_messages_stop(
    *, patient: Patient, kind: preferences.MessageKind | None = None
) -> list[str]:
    """One click in a message: stop its kind, or (`kind` None) every kind of care message."""
    kinds = [kind] if kind else preferences.KINDS
    return patient_preferences_set(patient=patient, wants={k.field: False for k in kinds})


NOTE_MAX = 4000


def note_add(
    *, actor, patient: Patient, text: str, booking: Booking | None = None, is_clinical=False
) -> Note:
    access.require(
        access.may_see_patient(actor, patient), actor=actor, what="add note", patient=patient
    )
    if is_clinical:
        access.require(
            access.may_read_clinical(actor),
            actor=actor,
            what="add clinical note",
            patient=patient,
        )
    text = text.strip()
    if not text:
        raise BookingError("A note needs some text.")
    if len(text) > NOTE_MAX:
        raise BookingError(f"Keep a note under {NOTE_MAX:,} characters.")
    with transaction.atomic():
        note = Note.objects.create(
            patient=patient, booking=booking, author=actor, text=text, is_clinical=is_clinical
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            what="clinical note" if is_clinical else "note",
            patient=patient,
            booking=booking,
        )
    return note


def patient_merge_refusal(*, keep: Patient, merge: Patient | None = None) -> str:
    """Why `merge` cannot be folded into `keep` (without `merge`: why nothing can be merged
    into `keep`), in words for the page; "" when it can. The merge page asks this before it
    offers the button and patient_merge refuses with the same words, so the rule has one home.
    """
    if merge is not None and keep.pk == merge.pk:
        return "That is this same record. Choose the other record, the duplicate."
    for patient, role in ((keep, "kept"), (merge, "merged")):
        if patient is None:
            continue
        if patient.merged_into_id:
            # A merged record stays only for its history: bookings and notes live on the one
            # it went into, so merging into or from it would split the person again.
            return (
                f"{patient.full_name}'s record was already merged into another record; "
                "merge with that one instead."
            )
        if patient.erased_at:
            # Joining an erased record to a named one would tie what was made anonymous at
            # the patient's request back to a person.
            return f"The {role} record was erased at the patient's request and cannot be merged."
    return ""


def patient_merge(*, actor, keep: Patient, merge: Patient) -> Patient:
    """Fold `merge` (a duplicate record of the same person) into `keep`: bookings, treatment
    sessions, notes and (through patients_merged) aftercare move to `keep`; `merge` stays,
    marked as merged, so its audit history (which can never be rewritten) is still found
    from `keep`. Nothing is lost. Refused if the two hold overlapping live bookings, and for
    what patient_merge_refusal names."""
    access.require(
        access.may_merge_patients(actor), actor=actor, what="merge patients", patient=keep
    )
    # Merging moves one record's whole history into the other: both must be records the
    # actor may open (a role that may merge but sees only its own patients, say).
    for patient in (keep, merge):
        access.require(
            access.may_see_patient(actor, patient),
            actor=actor,
            what="merge patients",
            patient=patient,
        )
    if keep.pk == merge.pk:
        raise BookingError(patient_merge_refusal(keep=keep, merge=merge))
    with transaction.atomic():
        locked = {
            p.pk: p for p in Patient.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
        }
        keep, merge = locked[keep.pk], locked[merge.pk]
        # Asked again of the locked rows: another manager may have merged one a moment ago.
        refusal = patient_merge_refusal(keep=keep, merge=merge)
        if refusal:
            raise BookingError(refusal)
        try:
            with transaction.atomic():
                moved = Booking.objects.filter(patient=merge).update(patient=keep)
        except DatabaseError as error:
            if _is_patient_overlap(error):
                raise BookingError(
                    "Both records have bookings at the same time; cancel one of them first."
                ) from error
            raise
        _sqlite_overlap_check(keep)
        TreatmentSession.objects.filter(patient=merge).update(patient=keep)
        Note.objects.filter(patient=merge).update(patient=keep)
        signals.patients_merged.send(sender=Patient, keep=keep, merged=merge)
        merge.merged_into = keep
        merge.save(update_fields=["merged_into", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            what="patients merged",
            patient=keep,
            detail={
                "merged record": merge.full_name,
                "merged email": merge.email,
                "bookings moved": moved,
            },
        )
    return keep


def _sqlite_overlap_check(patient: Patient) -> None:
    """SQLite has no exclusion constraint: look for two live bookings overlapping."""
    live = list(
        Booking.objects.filter(patient=patient, status__in=Booking.LIVE_STATUSES)
        .order_by("start")
        .values_list("start", "end")
    )
    for (_, end), (start, _) in pairwise(live):
        if start < end:
            raise BookingError(
                "Both records have bookings at the same time; cancel one of them first."
            )


def patient_duplicates_likely(*, first_name: str, last_name: str, phone: str) -> list[Patient]:
    """Existing patients who are probably the caller: the same name and the same phone
    digits (a new email is the usual reason for a second record)."""
    digits = phone_digits(phone)
    if len(digits) < 7:
        return []
    return list(
        Patient.objects.filter(
            Q(first_name__iexact=first_name.strip()) & Q(last_name__iexact=last_name.strip()),
            phone_digits__endswith=digits[-7:],
            merged_into__isnull=True,
        )[:5]
    )


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def patient_export(*, actor, patient: Patient) -> dict:
    """Everything the clinic holds about one patient, for the copy they asked for (managers;
    audited as an export)."""
    access.require(
        access.may_export_or_erase_patient(actor),
        actor=actor,
        what="patient data export",
        patient=patient,
    )
    bookings = patient.bookings.select_related("appointment_type", "treatment", "provider")
    data = {
        "patient": {
            "first_name": patient.first_name,
            "last_name": patient.last_name,
            "email": patient.email,
            "phone": patient.phone,
            "date_of_birth": patient.date_of_birth.isoformat() if patient.date_of_birth else None,
            "messages_by": patient.get_message_channel_display(),
            "message_preferences": {
                kind.label: preferences.patient_wants(patient, kind) for kind in preferences.KINDS
            },
            "texts_stopped_at": _when(patient.sms_stopped_at),
            "record_created_at": _when(patient.created_at),
        },
        "bookings": [
            {
                "what": f"{b.appointment_type.name}: {b.treatment.name}",
                "start": _when(b.start),
                "with": b.provider.display_name,
                "status": b.get_status_display(),
                "booked_at": _when(b.created_at),
                "cancellation_reason": b.cancellation_reason,
                "screening_answers": b.intake_answers,
            }
            for b in bookings.order_by("start")
        ],
        "treatment_sessions": [
            {
                "treatment": s.treatment.name,
                "on": s.performed_on.isoformat(),
                "session_number": s.session_number,
                "treated_areas": s.treated_areas,
                "settings_notes": s.settings_notes,
            }
            for s in TreatmentSession.objects.filter(patient=patient).select_related("treatment")
        ],
        "notes": [
            {"at": _when(n.created_at), "text": n.text, "clinical": n.is_clinical}
            for n in patient.notes.order_by("created_at")
        ],
        **patient_data.other_sections(patient),
    }
    with transaction.atomic():
        audit_record(
            actor=actor, action=AuditEntry.Action.EXPORT, what="patient data", patient=patient
        )
    return data


ERASED = "Erased"


def patient_erase(*, actor, patient: Patient) -> Patient:
    """Erase a patient on their request (managers; audited): their contact details, answers,
    notes, messages, concerns and photos go; what the clinic must keep stays, anonymous (the
    times and outcomes of past bookings, the treatment record of what was done). Refused while
    they have a booking still ahead: cancel it first."""
    access.require(
        access.may_export_or_erase_patient(actor),
        actor=actor,
        what="patient erasure",
        patient=patient,
    )
    with transaction.atomic():
        patient = Patient.objects.select_for_update().get(pk=patient.pk)
        if patient.bookings.filter(
            status__in=Booking.LIVE_STATUSES, start__gt=timezone.now()
        ).exists():
            raise BookingError("This patient has a booking still ahead: cancel it first.")
        patient.erased_at = timezone.now()
        patient.first_name = ERASED
        patient.last_name = f"patient {patient.pk}"
        patient.email = f"erased-{patient.public_id.hex}@invalid.example"
        patient.phone = patient.phone_digits = ""
        patient.date_of_birth = None
        patient.sms_stopped_at = None
        patient.message_channel = Patient.Channel.EMAIL
        for kind in preferences.KINDS:
            setattr(patient, kind.field, False)
        patient.save()
        patient.bookings.update(intake_answers={}, intake_flags=[], cancellation_reason="")
        patient.notes.update(text="(erased on the patient's request)")
        patient_data.others_erase(patient)
        audit_record(
            actor=actor, action=AuditEntry.Action.CHANGE, what="patient erased", patient=patient
        )
    return patient


def patient_update_resolve(*, actor, update: PatientUpdate, accept: bool) -> None:
    """The desk accepts what the patient typed (the record changes, audited like any edit)
    or sets it aside."""
    patient = update.patient
    access.require(
        access.may_edit_patient(actor, patient), actor=actor, what="pending update", patient=patient
    )
    with transaction.atomic():
        claimed = PatientUpdate.objects.filter(pk=update.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=actor, accepted=accept
        )
        if not claimed or not accept:
            return
        if "phone" in update.changes:
            patient_update(actor=actor, patient=patient, phone=update.changes["phone"])
        if "message_channel" in update.changes:
            patient_preferences_set(
                actor=actor,
                patient=patient,
                wants={"message_channel": update.changes["message_channel"]},
            )

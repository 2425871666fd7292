"""What a patient has signed and what they still owe: the one home of "is this form signed?"
(for a booking, the grid, the completion check and the patient page).

A form's state for a patient at a moment:
- signed:  a signature younger than the form's validity (the medical history's is the clinic's
           setting, a consent's its template's);
- expired: signed once, but that signature is now too old, and no new one is waiting;
- sent:    asked for (an open request) and not signed yet;
- missing: never asked for, never signed.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Subquery
from django.utils import timezone

from bookings.models import Booking, Patient
from treatments.models import Clinic

from .models import FormKind, FormRequest, FormSubmission, FormTemplate

SIGNED, EXPIRED, SENT, MISSING = "signed", "expired", "sent", "missing"
STATE_LABELS = {SIGNED: "Signed", EXPIRED: "Expired", SENT: "Sent", MISSING: "Missing"}


@dataclass
class FormState:
    template: FormTemplate
    state: str
    submission: FormSubmission | None = None  # the latest signature, if any
    request: FormRequest | None = None  # the open request, if any

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_signed(self) -> bool:
        return self.state == SIGNED


def _intake_months() -> int:
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).only("intake_valid_months").first()
    return clinic.intake_valid_months if clinic else 12


def valid_months(template: FormTemplate, *, intake_months: int | None = None) -> int:
    if template.kind == FormKind.INTAKE:
        return intake_months if intake_months is not None else _intake_months()
    return template.valid_months


def months_before(at: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (31 March less one month is the last
    of February)."""
    index = at.year * 12 + at.month - 1 - months
    year, month = divmod(index, 12)
    day = min(at.day, calendar.monthrange(year, month + 1)[1])
    return at.replace(year=year, month=month + 1, day=day)


def signature_counts(submission: FormSubmission, *, at: datetime, months: int) -> bool:
    return submission.signed_at > months_before(at, months)


def _forms_for(treatment_ids: set[int]):
    """The active forms sessions of these treatments need: the medical history and each
    treatment's consent."""
    return FormTemplate.objects.filter(is_active=True).filter(
        Q(kind=FormKind.INTAKE) | Q(kind=FormKind.CONSENT, treatment_id__in=treatment_ids)
    )


def _needed_by(booking: Booking, templates: list[FormTemplate]) -> list[FormTemplate]:
    return [
        t for t in templates if t.kind == FormKind.INTAKE or t.treatment_id == booking.treatment_id
    ]


def forms_for_booking(booking: Booking) -> list[FormTemplate]:
    """The forms a booking needs signed: a treatment session needs the medical history and
    its treatment's consent; a consultation needs none."""
    if not booking.appointment_type.is_treatment:
        return []
    return list(_forms_for({booking.treatment_id}))


def _state(
    template: FormTemplate,
    *,
    latest: FormSubmission | None,
    open_request: FormRequest | None,
    at: datetime,
    intake_months: int,
) -> FormState:
    months = valid_months(template, intake_months=intake_months)
    if latest is not None and signature_counts(latest, at=at, months=months):
        return FormState(template, SIGNED, latest, open_request)
    if open_request is not None:
        return FormState(template, SENT, latest, open_request)
    if latest is not None:
        return FormState(template, EXPIRED, latest, None)
    return FormState(template, MISSING)


def form_states(
    patient: Patient, templates: Iterable[FormTemplate], *, at: datetime | None = None
) -> list[FormState]:
    """The state of each form for one patient, judged at `at` (a booking's start: a
    signature that will have expired by the session does not count)."""
    return forms_states_many([(patient.pk, list(templates), at or timezone.now())])[0]


def forms_states_many(
    wanted: list[tuple[int, list[FormTemplate], datetime]], *, intake_months: int | None = None
) -> list[list[FormState]]:
    """For (patient id, forms, moment) triples, each one's states: two queries however many
    (the grid asks for every booking of the day at once)."""
    patient_ids = {patient_id for patient_id, _, _ in wanted}
    template_ids = {t.pk for _, templates, _ in wanted for t in templates}
    if not patient_ids or not template_ids:
        return [[] for _ in wanted]
    latest: dict[tuple[int, int], FormSubmission] = {}
    # Newest first: the first seen per (patient, form) is the latest.
    for submission in (
        FormSubmission.objects.filter(
            patient_id__in=patient_ids, version__template_id__in=template_ids
        )
        .select_related("version")
        .defer("rendered_text", "signature_png", "answers")
        .order_by("-signed_at", "-id")
    ):
        latest.setdefault((submission.patient_id, submission.version.template_id), submission)
    open_requests = {
        (r.patient_id, r.template_id): r
        for r in FormRequest.objects.filter(
            patient_id__in=patient_ids,
            template_id__in=template_ids,
            signed_at__isnull=True,
            withdrawn_at__isnull=True,
        )
    }
    if intake_months is None:
        intake_months = _intake_months()
    return [
        [
            _state(
                template,
                latest=latest.get((patient_id, template.pk)),
                open_request=open_requests.get((patient_id, template.pk)),
                at=at,
                intake_months=intake_months,
            )
            for template in templates
        ]
        for patient_id, templates, at in wanted
    ]


def booking_form_states(booking: Booking) -> list[FormState]:
    return form_states(booking.patient, forms_for_booking(booking), at=booking.start)


def bookings_form_states(bookings: list[Booking]) -> dict[int, list[FormState]]:
    """Every treatment booking's forms, for the grid: three queries for any number (the
    forms, with the clinic's setting; the signatures; the open requests)."""
    sessions = [b for b in bookings if b.appointment_type.is_treatment]
    if not sessions:
        return {}
    templates = list(
        _forms_for({b.treatment_id for b in sessions}).annotate(
            intake_months=Subquery(
                Clinic.objects.filter(pk=Clinic.SINGLETON_ID).values("intake_valid_months")
            )
        )
    )
    if not templates:
        return {}
    months = templates[0].intake_months or 12

    states = forms_states_many(
        [(b.patient_id, _needed_by(b, templates), b.start) for b in sessions], intake_months=months
    )
    return {booking.pk: found for booking, found in zip(sessions, states, strict=True)}


def consent_state(states: list[FormState]) -> FormState | None:
    """The treatment consent among a booking's forms (None when the treatment has none)."""
    return next((s for s in states if s.template.kind == FormKind.CONSENT), None)


def photo_release_given(patient: Patient) -> bool:
    """Whether the patient's latest answer to a photo consent was yes (a later "no" wins)."""
    latest = (
        FormSubmission.objects.filter(patient=patient, photo_release__isnull=False)
        .order_by("-signed_at", "-id")
        .values_list("photo_release", flat=True)
        .first()
    )
    return bool(latest)


def intake_prefill(patient: Patient) -> dict:
    """The screening answers the patient gave when booking, newest first, to start the
    medical history with (the patient checks and changes them)."""
    answers = (
        Booking.objects.filter(patient=patient)
        .exclude(intake_answers={})
        .order_by("-created_at")
        .values_list("intake_answers", flat=True)
        .first()
    )
    return dict(answers or {})


def latest_intake_flags(patient: Patient) -> tuple[FormSubmission | None, list[str]]:
    """The flags of the patient's latest signed medical history, for the provider."""
    submission = (
        FormSubmission.objects.filter(patient=patient, version__template__kind=FormKind.INTAKE)
        .defer("rendered_text", "signature_png")
        .order_by("-signed_at", "-id")
        .first()
    )
    return submission, (submission.flags if submission else [])

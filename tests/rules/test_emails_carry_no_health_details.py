"""No email the app sends carries anything a patient told us about their health or anything
clinical: every screening question answered in the most telling way, with distinctive free
text, then every email rendered (confirmation, moved, cancelled, the 24-hour reminder and an
aftercare reminder of every kind), and each subject, text, HTML part and attachment read."""

import html
from datetime import time, timedelta
from urllib.parse import unquote

import pytest
from django.core import mail

from aftercare.models import CarePlan, CareStep, Reminder, StepKind
from aftercare.sending import reminders_send_due
from bookings import screening, services
from bookings.models import Note
from tests.factories import MONDAY, patient_details

SESSION = MONDAY + timedelta(weeks=3, hours=1)  # Monday 3 May 2027, 10:00 Chicago
FREE_TEXT = "Qzx-hopes: fade the Vrelk scar on my left cheek"
SETTINGS_NOTES = "Qzx-settings: 1470 nm, 8 mJ, 15 percent coverage"
TREATED_AREAS = "Qzx-areas: full face and decolletage"
CLINICAL_NOTE = "Qzx-clinical: mild PIH history, started valacyclovir"


def _most_telling_answers() -> dict:
    """For every question, an answer that raises its flag ('yes' where that is one); free
    text for the question that has no choices."""
    flagged = {key: sorted(values)[0] for key, values, _ in screening.FLAG_RULES}
    answers = {}
    for key in screening.QUESTIONS:
        if key in flagged:
            answers[key] = screening.YES if screening.YES in _flag_values(key) else flagged[key]
        else:
            answers[key] = FREE_TEXT
    return answers


def _flag_values(key: str) -> set:
    return next(values for k, values, _ in screening.FLAG_RULES if k == key)


ANSWERS = _most_telling_answers()
CHOICE_LABELS = dict(screening.SKIN_RESPONSES)


def _secrets() -> list[str]:
    telling = [FREE_TEXT, SETTINGS_NOTES, TREATED_AREAS, CLINICAL_NOTE]
    telling += screening.screening_flags(ANSWERS)
    telling += list(screening.QUESTIONS.values())
    # Answers shown by their label ("Very rarely or never burns..."); bare "Yes" is no secret.
    telling += [CHOICE_LABELS[v] for v in ANSWERS.values() if v in CHOICE_LABELS]
    return telling


def _every_part(message) -> list[str]:
    parts = [message.subject, message.body, *(str(v) for v in message.extra_headers.values())]
    parts += [content for content, _ in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        # A MIME part (the .ics, as calendar programs want it) or a (name, content, type).
        content = (
            attachment.get_payload(decode=True)
            if hasattr(attachment, "get_payload")
            else attachment[1]
        )
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    # Links carry text too (the calendar links' details), percent-encoded: read them decoded.
    return parts + [unquote(html.unescape(part)) for part in parts]


@pytest.fixture
def every_kind_of_step_plan(clinic):
    plan = CarePlan.objects.create(treatment=clinic.halo, name="HALO aftercare", healing_days=7)
    for index, kind in enumerate(StepKind.values):
        CareStep.objects.create(
            plan=plan,
            day_offset=index - 1,
            title=f"Step {kind}",
            what_to_do=f"Do {kind}",
            what_to_expect=f"Expect {kind}",
            kind=kind,
            send_time=time(9),
            position=index,
        )
    return plan


@pytest.fixture
def every_email(
    clinic,
    frontdesk,
    provider_dana,
    every_kind_of_step_plan,
    frozen_monday,
    django_capture_on_commit_callbacks,
):
    def commit(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    book = services.booking_create
    consultation = commit(
        book,
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
        intake_answers=ANSWERS,
    )
    consultation = commit(
        services.booking_reschedule,
        booking=consultation,
        start=MONDAY + timedelta(hours=1),
        provider=clinic.dana,
        online=False,
    )
    patient = consultation.patient
    spare = commit(
        book,
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient=patient,
        patient_details=None,
        source="online",
        intake_answers=ANSWERS,
    )
    commit(
        services.booking_cancel,
        booking=spare,
        reason="Qzx-reason: cold sore flare-up",
        by_patient=True,
    )
    frozen_monday.move_to(MONDAY + timedelta(hours=1, minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    services.note_add(
        actor=provider_dana,
        patient=patient,
        text=CLINICAL_NOTE,
        booking=consultation,
        is_clinical=True,
    )
    session = commit(
        book,
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        start=SESSION,
        provider=clinic.dana,
        patient=patient,
        patient_details=None,
        source="phone",
        online=False,
        intake_answers=ANSWERS,
    )
    moment = MONDAY + timedelta(hours=2)
    while moment < SESSION:
        reminders_send_due(now=moment)
        moment += timedelta(hours=6)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    services.booking_transition(booking=session, to_status="checked_in")
    services.booking_complete(
        booking=session,
        actor=provider_dana,
        treated_areas=TREATED_AREAS,
        settings_notes=SETTINGS_NOTES,
    )
    moment = SESSION + timedelta(hours=2)
    while moment < SESSION + timedelta(days=5):
        reminders_send_due(now=moment)
        moment += timedelta(hours=6)
    assert Note.objects.filter(text=CLINICAL_NOTE).exists()
    return list(mail.outbox)


def test_the_answers_used_raise_every_screening_flag():
    assert len(screening.screening_flags(ANSWERS)) == len(screening.FLAG_RULES)
    assert set(ANSWERS) == set(screening.QUESTIONS)


def test_every_kind_of_email_was_sent(every_email):
    subjects = " | ".join(m.subject for m in every_email)
    for expected in ("is booked", "has moved", "is cancelled", "Reminder: your appointment on"):
        assert expected in subjects, subjects
    # Which step each reminder was for: its row, named in a header (subjects name no step).
    reminded = [
        int(m.extra_headers["X-Clinic-Reminder"])
        for m in every_email
        if m.extra_headers.get("X-Clinic-Reminder")
    ]
    steps = Reminder.objects.filter(pk__in=reminded, step__isnull=False)
    assert {reminder.step.kind for reminder in steps} == set(StepKind.values)


def test_no_email_contains_a_screening_answer_a_flag_or_a_clinical_note(every_email):
    leaks = [
        (message.subject, secret)
        for message in every_email
        for part in _every_part(message)
        for secret in _secrets()
        if secret.lower() in part.lower()
    ]
    assert leaks == []

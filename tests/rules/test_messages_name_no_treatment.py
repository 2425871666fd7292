"""No message the clinic sends names a treatment. Which laser treatment someone has is health
information, and a subject, a preview line or a text shows on a lock screen and in a shared
inbox; the signed pages behind the messages' links keep the details.

Every kind of outbox message (every kind an app declares, outbox/kinds.py: a kind added later
fails here until this test makes it) is written by email and by text, for a patient who takes
both: booked, moved and cancelled, the appointment reminders (a consultation's and a session's,
the 48-hour one and the same-day text), the forms to sign and their reminder, a care tip of
every step kind before and after the session, the next-session nudge, a concern's alert to the
clinic and the clinic's reply, and a change of email or phone (the code, the word to the old
address). The clinic's own words that reach the builders name the treatment on purpose (care
steps, a consent form's title, the concern, the reply), and each message's subject, text, HTML
and .ics is read, links decoded, for any treatment's name or any session type's name."""

import html
import re
from datetime import time, timedelta
from urllib.parse import unquote

import pytest

from aftercare.models import CarePlan, CareStep, Course, Reminder, StepKind
from aftercare.sending import reminders_send_due
from aftercare.services import concern_handle, concern_send
from bookings import services
from bookings.models import AppointmentType
from consent.models import FormRequest
from outbox.kinds import message_kinds
from outbox.models import Message
from tests.factories import MONDAY, booking_book, halo_session, sign
from tests.readable import mentions
from treatments.models import Clinic, Treatment

SESSION = MONDAY + timedelta(weeks=3, hours=1)  # Monday 3 May 2027, 10:00 Chicago


@pytest.fixture
def plan_naming_its_treatment(clinic):
    """A step of every kind, the day before the session and after it, each naming HALO in its
    title and words, as a clinic writes them ("Time to book your next HALO session")."""
    plan = CarePlan.objects.create(treatment=clinic.halo, name="HALO aftercare", healing_days=7)
    for index, kind in enumerate(StepKind.values):
        CareStep.objects.create(
            plan=plan,
            day_offset=index - 1,
            title=f"{kind}: your HALO session",
            what_to_expect=f"After HALO, expect {kind}",
            what_to_do=f"Look after your HALO skin: {kind}",
            kind=kind,
            send_time=time(9),
            position=index,
        )
    return plan


def _every_reminder_until(end, *, start):
    moment = start
    while moment < end:
        reminders_send_due(now=moment)
        moment += timedelta(hours=6)
    reminders_send_due(now=end - timedelta(minutes=31))  # the same-day text, if any


def _contact_changed(patient) -> None:
    """A new email and a new mobile number, each confirmed with the code its message carries
    (read from it, as the patient does), which tells the old address of the change."""
    from bookings.services.contact import contact_change_confirm, contact_change_start

    for kind, new in (("email", "ana.new@example.com"), ("phone", "(312) 555-0148")):
        change = contact_change_start(patient=patient, kind=kind, new_value=new)
        sent = Message.objects.get(kind="contact_code", to=change.new_value)
        contact_change_confirm(change=change, code=re.search(r"\b\d{6}\b", sent.text).group())


# Kinds that no booking's course of events writes, with what writes them, run for the kinds
# the outbox has: this module then holds whichever of them the tree it is in has.
WRITERS_OF_OTHER_KINDS = {"contact_code": _contact_changed, "contact_changed": _contact_changed}


@pytest.fixture
def every_message(clinic, forms, provider_dana, plan_naming_its_treatment, frozen_monday):
    Clinic.objects.update(same_day_text=True, notification_phone="(312) 555-0199")
    consultation = booking_book(clinic, message_channel="both")
    patient = consultation.patient
    consultation = services.booking_reschedule(
        booking=consultation, start=MONDAY + timedelta(hours=1), online=False
    )
    # A second consultation: its reminders are written, then it is cancelled.
    spare = booking_book(clinic, start=MONDAY + timedelta(days=7), message_channel="both")
    _every_reminder_until(spare.start, start=spare.start - timedelta(hours=48))
    services.booking_cancel(booking=spare, reason="", by_patient=True)

    frozen_monday.move_to(MONDAY + timedelta(hours=1, minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    session = halo_session(clinic, patient, SESSION)  # asks for its forms, with a reminder
    _every_reminder_until(SESSION, start=MONDAY + timedelta(hours=2))
    for request in FormRequest.objects.filter(patient=patient):
        sign(request)

    frozen_monday.move_to(SESSION + timedelta(hours=2))
    services.booking_transition(booking=session, to_status="checked_in")
    services.booking_complete(booking=session, actor=provider_dana, treated_areas="Full face")
    _every_reminder_until(SESSION + timedelta(days=5), start=SESSION + timedelta(hours=2))

    course = Course.objects.get(booking=session)
    concern = concern_send(course=course, day_offset=2, text="My HALO skin feels like sandpaper")
    concern_handle(
        concern=concern, actor=provider_dana, note="That is normal after HALO.", is_reply=True
    )
    kinds = [kind.name for kind in message_kinds()]
    for write in {WRITERS_OF_OTHER_KINDS[k] for k in kinds if k in WRITERS_OF_OTHER_KINDS}:
        write(patient)
    return list(Message.objects.all())


def _names_no_message_may_say() -> list[str]:
    names = list(Treatment.objects.values_list("name", flat=True))
    sessions = AppointmentType.objects.filter(kind=AppointmentType.Kind.TREATMENT)
    return names + list(sessions.values_list("name", flat=True))


def _what_it_says(message: Message) -> list[str]:
    # An .ics folds long lines (a break and a space) wherever it likes, even inside a word.
    calendar = message.calendar.replace("\r\n ", "").replace("\r\n\t", "")
    parts = [message.subject, message.text, message.html, calendar]
    parts += [str(value) for value in message.headers.values()]
    # Links carry words too (the calendar links' title), percent-encoded: read them decoded.
    return parts + [unquote(html.unescape(part)) for part in parts]


def test_every_kind_of_message_is_written_by_email_and_by_text(every_message):
    written = {(m.kind, m.channel) for m in every_message if m.text}
    every = {(kind.name, channel) for kind in message_kinds() for channel in Message.Channel.values}
    assert every - written == set()
    # A builder that failed leaves a placeholder row or a failed reminder, not a message.
    assert not [m.subject for m in every_message if m.reason == "Could not be written"]
    assert not Reminder.objects.filter(status=Reminder.Status.FAILED).exists()
    sent = Reminder.objects.filter(message__isnull=False)
    appointments = sent.exclude(kind="care_step")
    assert {r.kind for r in appointments} == {"appointment", "same_day"}
    assert {r.booking.is_treatment for r in appointments} == {True, False}
    tips = sent.filter(kind="care_step")
    assert {r.step.kind for r in tips} == set(StepKind.values)
    assert {r.occurrence < 0 for r in tips} == {True, False}  # before and after the session


def test_no_message_names_a_treatment_or_a_session_type(every_message):
    names = _names_no_message_may_say()
    assert {"HALO", "HALO session"} <= set(names)
    said = [
        (message.kind_label, message.channel, name)
        for message in every_message
        for part in _what_it_says(message)
        for name in names
        # As a word of its own, any case: a signed link's random letters are not a name.
        if mentions(part.lower(), name.lower())
    ]
    assert said == []

"""Confirming a change of email or phone with its code (bookings/services/contact.py): the
right code changes the record, audited as the patient's, and tells the old address; a wrong
one counts, five lock the change; an expired, replaced or used code changes nothing."""

import re
from datetime import timedelta

import pytest

from bookings import preferences, services
from bookings.access import AccessDenied
from bookings.models import AuditEntry, ContactChange
from outbox.models import Message
from tests.factories import PatientFactory


def _start(patient, kind="email", value="new@example.org"):
    change = services.contact_change_start(patient=patient, kind=kind, new_value=value)
    message = Message.objects.get(kind=Message.Kind.CONTACT_CODE, to=change.new_value)
    return change, re.search(r"\b(\d{6})\b", message.text).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _told() -> Message:
    return Message.objects.get(kind=Message.Kind.CONTACT_CHANGED)


def test_the_right_code_changes_the_email_audits_it_and_tells_the_old_email(patient):
    old = patient.email
    change, code = _start(patient, value="ana.new@gmail.com")

    changed = services.contact_change_confirm(change=change, code=f" {code[:3]} {code[3:]} ")

    patient.refresh_from_db()
    assert changed.email == patient.email == "ana.new@gmail.com"
    change.refresh_from_db()
    assert change.confirmed_at is not None and not change.is_open
    entry = AuditEntry.objects.get(patient=patient, what="patient details (by the patient)")
    assert (entry.actor, entry.detail) == (None, {"fields": ["email"]})
    told = _told()
    assert (told.channel, told.to) == ("email", old)
    assert "changed to an…@gm….com" in told.text
    assert "ana.new@gmail.com" not in told.text + told.subject


def test_the_right_code_changes_the_phone_and_texts_the_old_number(patient):
    old_digits = patient.phone_digits
    change, code = _start(patient, kind="phone", value="(773) 555-0148")

    services.contact_change_confirm(change=change, code=code)

    patient.refresh_from_db()
    assert (patient.phone, patient.phone_digits) == ("+17735550148", "17735550148")
    told = _told()
    assert (told.channel, told.to) == ("sms", f"+1{old_digits}")
    assert "changed to one ending in 48" in told.text
    assert "0148" not in told.text


def test_a_number_that_said_stop_is_told_by_email_instead(patient):
    patient.sms_stopped_at = patient.created_at
    patient.save()
    change, code = _start(patient, kind="phone", value="(773) 555-0148")

    services.contact_change_confirm(change=change, code=code)

    assert (_told().channel, _told().to) == ("email", patient.email)
    # The STOP was the old number's: the new one, which said nothing, may be texted.
    patient.refresh_from_db()
    assert patient.sms_stopped_at is None
    entry = AuditEntry.objects.get(patient=patient, what="patient details (by the patient)")
    assert entry.detail == {
        "fields": ["phone"],
        "texts": "the STOP from the old number no longer applies",
    }


def test_the_desk_giving_a_new_number_lifts_the_old_numbers_stop_but_a_new_format_does_not(
    frontdesk, patient
):
    patient.message_channel = patient.Channel.BOTH
    patient.sms_stopped_at = patient.created_at
    patient.save()

    # The same number written another way is the number that said STOP.
    services.patient_update(actor=frontdesk, patient=patient, phone=f"+1{patient.phone_digits}")
    patient.refresh_from_db()
    assert patient.sms_stopped_at is not None
    assert preferences.SMS not in preferences.channels_for(patient)

    services.patient_update(actor=frontdesk, patient=patient, phone="(773) 555-0148")
    patient.refresh_from_db()
    assert patient.sms_stopped_at is None
    assert preferences.SMS in preferences.channels_for(patient)


def test_a_wrong_code_counts_and_the_fifth_locks_the_change(patient):
    old = patient.email
    change, code = _start(patient)
    for left in (4, 3, 2, 1):
        with pytest.raises(services.ContactChangeError, match=f"{left} tr"):
            services.contact_change_confirm(change=change, code=_wrong(code))
    with pytest.raises(services.ContactChangeError, match="that was the last try"):
        services.contact_change_confirm(change=change, code=_wrong(code))
    # Now even the right code is refused.
    with pytest.raises(services.ContactChangeError, match="too many wrong tries"):
        services.contact_change_confirm(change=change, code=code)

    change.refresh_from_db()
    patient.refresh_from_db()
    assert change.attempts == 5 and patient.email == old
    assert not Message.objects.filter(kind=Message.Kind.CONTACT_CHANGED).exists()


def test_what_is_not_six_digits_costs_no_try(patient):
    change, _ = _start(patient)
    for typed in ("12345", "abcdef", "١٢٣٤٥٦", ""):
        with pytest.raises(services.ContactChangeError, match="Enter the 6 digits"):
            services.contact_change_confirm(change=change, code=typed)
    change.refresh_from_db()
    assert change.attempts == 0


def test_an_expired_code_is_refused_and_changes_nothing(patient):
    old = patient.email
    change, code = _start(patient)

    with pytest.raises(services.ContactChangeError, match="expired"):
        services.contact_change_confirm(
            change=change, code=code, now=change.created_at + timedelta(minutes=15)
        )

    patient.refresh_from_db()
    assert patient.email == old and ContactChange.objects.get().confirmed_at is None


def test_a_replaced_code_no_longer_works(patient):
    first, code = _start(patient, value="first@example.org")
    _start(patient, value="second@example.org")

    with pytest.raises(services.ContactChangeError, match="newer code"):
        services.contact_change_confirm(change=first, code=code)


def test_a_used_code_works_once(patient):
    change, code = _start(patient)
    services.contact_change_confirm(change=change, code=code)

    with pytest.raises(services.ContactChangeError, match="already used"):
        services.contact_change_confirm(change=change, code=code)
    assert Message.objects.filter(kind=Message.Kind.CONTACT_CHANGED).count() == 1


def test_an_email_taken_since_the_code_went_out_is_refused_and_the_code_kept(patient):
    change, code = _start(patient, value="late@example.org")
    PatientFactory(email="Late@example.org")

    with pytest.raises(services.ContactChangeError, match="now on another patient's record"):
        services.contact_change_confirm(change=change, code=code)

    change.refresh_from_db()
    patient.refresh_from_db()
    assert change.is_open and change.attempts == 0
    assert patient.email != "late@example.org"


def test_only_the_code_lets_a_change_past_the_desks_permission(frontdesk, patient):
    # by_patient opens patient_update to the patient alone: nobody is waved through
    # without it, and no staff member can borrow it.
    with pytest.raises(AccessDenied):
        services.patient_update(actor=None, patient=patient, email="x@example.org")
    with pytest.raises(ValueError, match="no staff actor"):
        services.patient_update(
            actor=frontdesk, by_patient=True, patient=patient, email="x@example.org"
        )
    patient.refresh_from_db()
    assert patient.email != "x@example.org"


def test_a_code_whose_patient_was_erased_meanwhile_is_refused(manager, patient):
    change, code = _start(patient)
    services.patient_erase(actor=manager, patient=patient)

    with pytest.raises(services.ContactChangeError, match="no longer works"):
        services.contact_change_confirm(change=change, code=code)

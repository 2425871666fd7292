"""Asking to change one's email or mobile number (bookings/services/contact.py): what a new
address must be, the code's one message to the new address, only a hash of it kept, one open
change per kind, three codes an hour, and the record untouched until the code comes back."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings import services
from bookings.models import AuditEntry, ContactChange, Patient
from outbox.models import Message
from tests.factories import PatientFactory
from tests.readable import mentions


def _code_message(**filters) -> Message:
    return Message.objects.get(kind=Message.Kind.CONTACT_CODE, **filters)


def _code_in(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def test_an_email_change_emails_one_code_to_the_new_email_and_changes_nothing_yet(patient):
    old = patient.email
    change = services.contact_change_start(
        patient=patient, kind="email", new_value="  Ana.New@Example.ORG "
    )

    assert change.new_value == "Ana.New@example.org"  # trimmed, the domain in lower case
    message = _code_message()
    assert (message.channel, message.to) == ("email", "Ana.New@example.org")
    assert message.expires_at == change.expires_at == change.created_at + timedelta(minutes=15)
    assert message.text.startswith(
        f"Your code to confirm this email for Test Skin Clinic is {_code_in(message)}. "
        "It expires in 15 minutes. If you didn't ask for this, ignore this message."
    )
    assert Message.objects.count() == 1
    patient.refresh_from_db()
    assert patient.email == old
    entry = AuditEntry.objects.get(patient=patient)
    assert (entry.what, entry.detail) == (
        "email change asked (by the patient)",
        {"contact": "email"},
    )


def test_a_phone_change_texts_the_code_to_the_new_number_only(patient):
    services.contact_change_start(patient=patient, kind="phone", new_value="(773) 555-0148")

    message = _code_message()
    assert (message.channel, message.to) == ("sms", "+17735550148")
    assert "confirm this phone number for Test Skin Clinic" in message.text
    assert Message.objects.count() == 1


def test_only_a_keyed_hash_of_the_code_is_kept(patient):
    change = services.contact_change_start(patient=patient, kind="email", new_value="n@example.org")
    code = _code_in(_code_message())

    stored = ContactChange.objects.filter(pk=change.pk).values().get()
    assert not [name for name, value in stored.items() if code in str(value)]
    assert len(change.code_hash) == 64  # an HMAC-SHA256, in hex


def test_the_code_message_says_nothing_about_the_patient_or_their_treatment(clinic, patient):
    services.contact_change_start(patient=patient, kind="email", new_value="n@example.org")
    message = _code_message()

    assert message.booking is None
    for words in (clinic.halo.name, clinic.halo_session.name, patient.first_name, "appointment"):
        assert not mentions(message.subject + " " + message.text, words)


@pytest.mark.parametrize(
    ("kind", "typed", "refusal"),
    [
        ("email", "ana@", "Enter an email address like name@example.com."),
        ("email", "a" * 250 + "@example.org", "Enter an email address like name@example.com."),
        ("phone", "12", "Enter a mobile number we can text"),
        ("phone", "+44 20 7946 0018", "this needs to be a mobile number"),
    ],
    ids=["no-domain", "too-long", "not-a-number", "a-landline"],
)
def test_what_is_not_an_email_or_a_textable_number_is_refused(patient, kind, typed, refusal):
    with pytest.raises(services.ContactChangeError, match=re.escape(refusal)):
        services.contact_change_start(patient=patient, kind=kind, new_value=typed)
    assert not ContactChange.objects.exists() and not Message.objects.exists()


def test_an_email_another_patient_has_is_refused_whatever_its_capitals(patient):
    PatientFactory(email="taken@example.org")
    with pytest.raises(services.ContactChangeError, match="on another patient's record"):
        services.contact_change_start(patient=patient, kind="email", new_value="TAKEN@example.org")
    assert not ContactChange.objects.exists() and not Message.objects.exists()


def test_the_address_one_already_has_is_refused(patient):
    with pytest.raises(services.ContactChangeError, match="already your mobile number"):
        services.contact_change_start(patient=patient, kind="phone", new_value=patient.phone)


def test_a_new_code_replaces_the_earlier_open_one_of_that_kind(patient):
    first = services.contact_change_start(patient=patient, kind="email", new_value="a@example.org")
    phone = services.contact_change_start(patient=patient, kind="phone", new_value="7735550148")
    second = services.contact_change_start(patient=patient, kind="email", new_value="b@example.org")

    first.refresh_from_db()
    phone.refresh_from_db()
    assert first.replaced_at is not None
    assert phone.is_open and second.is_open  # another kind is left alone


def test_a_fourth_code_within_the_hour_is_refused_and_the_hour_after_it_is_not(patient):
    start = timezone.now() - timedelta(minutes=50)
    for minutes, email in enumerate(["a@example.org", "b@example.org", "c@example.org"]):
        services.contact_change_start(
            patient=patient, kind="email", new_value=email, now=start + timedelta(minutes=minutes)
        )
    with pytest.raises(services.ContactChangeError, match="3 codes in the last hour"):
        services.contact_change_start(patient=patient, kind="phone", new_value="7735550148")
    assert Message.objects.count() == 3

    later = start + timedelta(hours=1, minutes=1)
    services.contact_change_start(patient=patient, kind="phone", new_value="7735550148", now=later)


def test_an_erased_patient_is_asked_to_call(patient):
    Patient.objects.filter(pk=patient.pk).update(erased_at=timezone.now())
    with pytest.raises(services.ContactChangeError, match="call us"):
        services.contact_change_start(patient=patient, kind="email", new_value="n@example.org")


def test_the_database_keeps_one_open_change_per_kind_and_five_tries_at_most(patient):
    change = services.contact_change_start(patient=patient, kind="email", new_value="n@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactChange.objects.create(
            patient=patient,
            kind="email",
            new_value="other@example.org",
            code_hash="x",
            expires_at=timezone.now() + timedelta(minutes=15),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactChange.objects.filter(pk=change.pk).update(attempts=6)


def test_erasing_the_patient_removes_the_addresses_they_typed(manager, patient):
    services.contact_change_start(patient=patient, kind="email", new_value="n@example.org")
    assert services.patient_export(actor=manager, patient=patient)["contact_changes"][0][
        "new_value"
    ] == ("n@example.org")

    services.patient_erase(actor=manager, patient=patient)

    assert not ContactChange.objects.filter(patient=patient).exists()

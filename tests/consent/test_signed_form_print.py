"""A signed form printed (or saved as a PDF) is a record the clinic can file: the clinic's name
and address at the top, the patient's name and date of birth in the header every printed page
repeats, the booking's provider, who signed (the patient, or a guardian and how they are
related to her) and when, in which time zone. Each piece is asserted in the element that
shows it; the printing itself (every page, "Page N of M") is tests/browser/test_consent_print.py.
"""

from datetime import date

import pytest

from bookings.models import AuditEntry
from consent import services
from consent.models import FormRequest, FormSubmission
from tests.factories import as_user, sign
from tests.page_element import page_element


def element(response, element_id: str) -> tuple[str, str] | None:
    """(words, class attribute) of the element `element_id` on the page."""
    found = page_element(response, id=element_id)
    if found.attrs is None:
        return None
    return " ".join(" ".join(found.pieces).split()), found.attrs.get("class", "")


def words(response, element_id: str) -> str:
    found = element(response, element_id)
    assert found is not None, f"no #{element_id} on the page"
    return found[0]


def record_url(submission) -> str:
    return f"/staff/forms/signed/{submission.public_id}/"


@pytest.fixture
def ana(session_booked, clinic):
    """The HALO session's patient with her date of birth, and Dana with her job title."""
    patient = session_booked.patient
    patient.date_of_birth = date(1990, 3, 7)
    patient.save(update_fields=["date_of_birth"])
    clinic.dana.title = "Medical laser technician"
    clinic.dana.save(update_fields=["title"])
    return patient


def test_the_printed_consent_has_the_clinic_the_patient_the_provider_and_the_signer(
    client, forms, session_booked, ana, frontdesk
):
    _, consent = forms
    submission = sign(FormRequest.objects.get(template=consent))
    as_user(client, frontdesk)

    record = client.get(record_url(submission))

    assert record.status_code == 200
    assert words(record, "signed-clinic-name") == "Test Skin Clinic"
    assert words(record, "signed-clinic-address") == (
        "1 Test Street Testville, IL 60000 (312) 555-0100"
    )
    header, classes = element(record, "signed-running-header")
    assert "signed-running-header" in classes.split()  # the class that repeats it on paper
    assert header == "Ana Patient · Date of birth 7 March 1990 · HALO consent"
    assert words(record, "signed-patient") == "Ana Patient"
    assert words(record, "signed-date-of-birth") == "7 March 1990"
    assert words(record, "signed-provider") == "Dana, Medical laser technician"
    assert words(record, "signed-appointment") == "HALO session, Monday 19 April 2027, 9:00 AM CDT"
    # Signed on the frozen Monday, just after her 9:00 consultation, in Chicago's daylight time.
    assert words(record, "signed-at") == (
        "Monday 12 April 2027, 9:05 AM CDT, Central Time (Chicago)"
    )
    assert words(record, "signed-by") == '"Ana Patient", the patient'
    # Nothing of what was signed is left out of the record.
    assert words(record, "signed-text") == " ".join(submission.rendered_text.split())
    assert AuditEntry.objects.filter(action="view", what="signed form").count() == 1


def test_a_guardians_signature_names_the_guardian_and_the_relationship(
    client, forms, session_booked, ana, manager
):
    _, consent = forms
    submission = services.form_sign(
        request=FormRequest.objects.get(template=consent),
        version=services.form_version_latest(consent),
        answers={},
        photo_release=False,
        signature=services.Signature("Harper Nakamura", "typed", None, relationship="guardian"),
        signed_on=FormSubmission.SignedOn.PATIENT_LINK,
        ip_address=None,
        user_agent="",
    )
    as_user(client, manager)

    record = client.get(record_url(submission))

    assert words(record, "signed-by") == (
        '"Harper Nakamura", the patient\'s legal guardian, for the patient'
    )
    # Still the patient's record: her name heads every page, not the signer's.
    assert words(record, "signed-running-header").startswith("Ana Patient · Date of birth")
    assert words(record, "signed-patient") == "Ana Patient"


def test_a_medical_history_keeps_its_flags_and_a_form_without_a_booking_names_no_provider(
    client, forms, session_booked, provider_dana
):
    intake, _ = forms
    # A form asked outside any booking (the medical history sent on its own), with no date
    # of birth on the patient's record yet.
    FormRequest.objects.filter(template=intake).update(booking=None)
    submission = sign(
        FormRequest.objects.get(template=intake), answers={"pregnant": "yes", "skin_type": "II"}
    )
    assert submission.flags, "the answers should flag something for the provider"
    as_user(client, provider_dana)

    record = client.get(record_url(submission))

    assert record.status_code == 200
    assert element(record, "signed-provider") is None
    assert words(record, "signed-date-of-birth") == "Not recorded"
    assert "Date of birth not recorded" in words(record, "signed-running-header")
    flags = words(record, "signed-flags")
    assert all(flag in flags for flag in submission.flags)

from datetime import timedelta

import pytest
from django.utils import timezone

from consent import services as consent_services
from consent.models import FormKind, FormSubmission, FormTemplate
from tests.bookings.conftest import (  # noqa: F401  (fixtures shared with the booking tests)
    MONDAY,
    booking_make,
    clinic,
    frontdesk,
    manager,
    provider_dana,
    staff_user,
)

SIX_WEEKS = timedelta(weeks=6)


PHOTO_QUESTION = (
    "I agree that the clinic may take before-and-after photos of the treated areas, keep them "
    "in my record, and show them to me."
)


def photo_consent_sign(booking, *, agreed: bool, at=None) -> FormSubmission:
    """The patient signs the treatment's consent form through the real consent service,
    answering its photo question yes or no (the latest answer is the one that counts)."""
    template, _ = FormTemplate.objects.get_or_create(
        kind=FormKind.CONSENT,
        treatment=booking.treatment,
        defaults={
            "title": "HALO consent",
            "body": "## Risks\n- Redness\n\nI agree.",
            "asks_photo_release": True,
            "photo_release_text": PHOTO_QUESTION,
        },
    )
    version = consent_services.form_version_latest(template)
    if version is None:
        version = consent_services.form_version_publish(template=template)
    request = consent_services.form_request_open(
        patient=booking.patient, template=template, booking=booking
    )
    return consent_services.form_sign(
        request=request,
        version=version,
        answers={},
        photo_release=agreed,
        signature=consent_services.Signature(
            booking.patient.full_name, FormSubmission.SignedWith.TYPED, None
        ),
        signed_on=FormSubmission.SignedOn.PATIENT_LINK,
        ip_address="198.51.100.7",
        user_agent="test",
        now=at or timezone.now(),
    )


@pytest.fixture
def unconsented_session(clinic):  # noqa: F811
    """Dana's HALO session today, the patient checked in, no consent form signed yet."""
    return booking_make(
        clinic,
        clinic.dana,
        MONDAY,
        appointment_type=clinic.halo_session,
        status="checked_in",
        email="ana@example.com",
    )


@pytest.fixture
def session(unconsented_session):
    """The same session, the patient having agreed to photos on the HALO consent form."""
    photo_consent_sign(unconsented_session, agreed=True, at=MONDAY - timedelta(days=2))
    return unconsented_session


@pytest.fixture
def previous_session(clinic, session):  # noqa: F811
    """The same patient's HALO session six weeks earlier, done."""
    return booking_make(
        clinic,
        clinic.dana,
        MONDAY - SIX_WEEKS,
        appointment_type=clinic.halo_session,
        status="completed",
        email="ana@example.com",
    )


@pytest.fixture
def provider_priya(clinic):  # noqa: F811
    """Another provider, with patients of her own (not Ana)."""
    user = staff_user("priya", "Provider")
    clinic.priya.user = user
    clinic.priya.save(update_fields=["user"])
    return user

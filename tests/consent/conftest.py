import base64
import io
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw

from aftercare.demo import aftercare_demo_load  # noqa: F401  (the aftercare tests' helpers)
from bookings import services as booking_services
from consent import services
from consent.models import FormKind, FormSubmission, FormTemplate
from tests.aftercare.conftest import MONDAY, complete, halo_session  # noqa: F401
from tests.bookings.conftest import (  # noqa: F401  (fixtures shared with the booking tests)
    clinic,
    details,
    frontdesk,
    frozen_monday,
    manager,
    nobody,
    provider_dana,
    staff_user,
)

QUESTIONS = [
    {
        "key": "pregnant",
        "label": "Are you pregnant?",
        "kind": "yes_no_prefer_not",
        "flag": ["yes", "prefer_not"],
        "note": "Pregnant, or did not say.",
    },
    {"key": "skin_type", "label": "Skin type?", "kind": "skin_type", "flag": ["V", "VI"]},
    {"key": "medicines", "label": "Medicines?", "kind": "text"},
]


@pytest.fixture
def forms(clinic):  # noqa: F811
    intake = FormTemplate.objects.create(
        kind=FormKind.INTAKE, title="Medical history", body="## Why\nWe ask.", questions=QUESTIONS
    )
    consent = FormTemplate.objects.create(
        kind=FormKind.CONSENT,
        treatment=clinic.halo,
        title="HALO consent",
        body="## Risks\n- Redness\n- Pigment change\n\nI agree.",
        asks_photo_release=True,
        photo_release_text="Photos may be kept in my record.",
    )
    services.form_version_publish(template=intake)
    services.form_version_publish(template=consent)
    return intake, consent


def shown(template) -> int:
    """The version a page shows of `template` (its latest), as the sign form posts it."""
    return services.form_version_latest(template).pk


def drawn_signature() -> str:
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 50), (150, 20), (290, 80)], fill=(0, 0, 0, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def blank_signature() -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def sign(request, *, typed_name="Ana Patient", answers=None, now=None, kiosk=None):
    return services.form_sign(
        request=request,
        version=services.form_version_latest(request.template),
        answers=answers or {"pregnant": "no", "skin_type": "II"},
        photo_release=True,
        signature=services.Signature(typed_name, FormSubmission.SignedWith.TYPED, None),
        signed_on=FormSubmission.SignedOn.PATIENT_LINK,
        ip_address="198.51.100.7",
        user_agent="test",
        kiosk=kiosk,
        now=now,
    )


@pytest.fixture
def session_booked(clinic, forms, frozen_monday):  # noqa: F811
    """A HALO session a week ahead for a patient who had their consultation (forms asked)."""
    consultation = booking_services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=details(),
        source="online",
    )
    frozen_monday.move_to(MONDAY + timedelta(minutes=5))
    booking_services.booking_transition(booking=consultation, to_status="checked_in")
    booking_services.booking_transition(booking=consultation, to_status="completed")
    return halo_session(clinic, consultation.patient, MONDAY + timedelta(days=7))

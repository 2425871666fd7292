"""The demo clinic's forms (consent_demo_load: created only where missing, each published as
its first version) and, for the demo day, signatures: the patients who already had a session
signed before it, and one of today's signed on her phone, so the grid shows both states."""

import io
import math
from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from bookings.demo_day import demo_patients
from bookings.models import Booking
from treatments.models import Treatment

from . import services
from .demo_content import CONSENTS, MEDICAL_HISTORY, PHOTO_RELEASE
from .models import FormKind, FormRequest, FormSubmission, FormTemplate


def consent_demo_load() -> dict[str, int]:
    created = 0
    intake, made = FormTemplate.objects.get_or_create(
        kind=FormKind.INTAKE,
        defaults={
            "title": MEDICAL_HISTORY["title"],
            "body": MEDICAL_HISTORY["body"],
            "questions": MEDICAL_HISTORY["questions"],
        },
    )
    created += made
    services.form_version_publish(template=intake)
    for slug, content in CONSENTS.items():
        treatment = Treatment.objects.filter(slug=slug).first()
        if treatment is None:
            continue
        template, made = FormTemplate.objects.get_or_create(
            kind=FormKind.CONSENT,
            treatment=treatment,
            defaults={
                "title": content["title"],
                "body": content["body"],
                "valid_months": content["valid_months"],
                "asks_photo_release": True,
                "photo_release_text": PHOTO_RELEASE,
            },
        )
        created += made
        services.form_version_publish(template=template)
    return {"forms": created}


def _demo_signature(name: str) -> bytes:
    """A pen-like scribble drawn here (no one's real signature), transparent like the pad's."""
    image = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    seed = sum(map(ord, name))
    points = [
        (30 + x * 4.2, 95 - 38 * math.sin(x / (5 + seed % 4)) * math.exp(-x / 160) - x / 6)
        for x in range(100)
    ]
    draw.line(points, fill=(16, 34, 43, 255), width=4, joint="curve")
    kept = io.BytesIO()
    image.save(kept, "PNG")
    return kept.getvalue()


def _sign(request: FormRequest, *, at) -> None:
    patient = request.patient
    version = services.form_version_latest(request.template)
    answers = {q["key"]: "no" for q in version.questions if q.get("kind") != "text"}
    answers.update({"skin_type": "II", "medicines": "Daily sunscreen, moisturiser"})
    services.form_sign(
        request=request,
        version=version,
        answers=answers,
        photo_release=True if version.asks_photo_release else None,
        signature=services.Signature(
            typed_name=patient.full_name,
            signed_with=FormSubmission.SignedWith.DRAWN,
            png=_demo_signature(patient.full_name),
        ),
        signed_on=FormSubmission.SignedOn.PATIENT_LINK,
        ip_address="203.0.113.24",
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148",
        now=at,
    )


def consent_demo_day_load() -> dict[str, int]:
    """Sign the forms of patients 0-2 (whose HALO sessions are past) two days before their
    first session, and patient 4's (HALO today) yesterday evening. Others stay "sent"."""
    patients = demo_patients()
    signed = 0
    for index in (0, 1, 2, 4):
        if index >= len(patients):
            continue
        first = (
            Booking.objects.filter(patient=patients[index], appointment_type__kind="treatment")
            .order_by("start")
            .first()
        )
        if first is None:
            continue
        # Never later than now: a patient whose first session is still to come signed
        # already (a form signed "tomorrow" is a record of what never happened).
        at = min(first.start - timedelta(days=2 if index != 4 else 1), timezone.now())
        for request in FormRequest.objects.filter(
            patient=patients[index], signed_at__isnull=True, withdrawn_at__isnull=True
        ).select_related("template", "patient"):
            _sign(request, at=at)
            signed += 1
    return {"signed forms": signed}

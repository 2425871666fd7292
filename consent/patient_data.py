"""Forms' part of a patient's data (registered with bookings' registry): a copy lists every
signed form as signed; erasure keeps them. A signed consent and medical history are part of
the treatment record the clinic must keep (as bookings keeps the sessions given); what erasure
removes is the asking: open requests are withdrawn."""

from django.utils import timezone

from bookings import patient_data
from bookings.models import Patient

from . import services
from .models import FormRequest, FormSubmission


def export(patient: Patient) -> list[dict]:
    return [
        {
            "form": s.version.title,
            "version": s.version.number,
            "signed_at": s.signed_at.isoformat(),
            "signed_on": s.get_signed_on_display(),
            "signed_with": s.get_signed_with_display(),
            "typed_name": s.typed_name,
            "photo_consent": s.photo_release,
            "text_as_signed": s.rendered_text,
            "sha256": s.content_hash,
        }
        for s in FormSubmission.objects.filter(patient=patient)
        .select_related("version")
        .defer("signature_png")
    ]


def erase(patient: Patient) -> None:
    services.form_requests_withdraw(FormRequest.objects.filter(patient=patient), now=timezone.now())


patient_data.register(name="forms", export=export, erase=erase)

"""The patient's side: one of their own photos through a signed link, only while the clinic
shows photos to patients and their photo consent allows it (else 404, saying nothing)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from bookings.audit import audit_record
from bookings.models import AuditEntry

from .access import photos_patient_may_see
from .links import photo_from_token
from .staff_views import photo_file_response


@never_cache
@require_safe
def patient_photo(request: HttpRequest, token: str) -> HttpResponse:
    photo = photo_from_token(token)
    if photo is None or not photos_patient_may_see(photo.patient):
        raise Http404("No such photo.")
    # The patient looked at their own photo: recorded like a staff look, with no staff actor.
    audit_record(
        by_patient=True,
        action=AuditEntry.Action.VIEW,
        what="clinical photo, by the patient",
        booking=photo.booking,
        detail={"photo": str(photo.public_id)},
    )
    response = photo_file_response(photo, "screen")
    response["Referrer-Policy"] = "no-referrer"
    return response

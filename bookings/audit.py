"""The audit trail: every staff view of patient data and every change, with who, when and
from where. Written through audit_record() only; rows are never changed (see AuditEntry)."""

from django.http import HttpRequest

from .models import AuditEntry, Booking, Patient


def client_ip(request: HttpRequest) -> str | None:
    from django.conf import settings

    value = request.META.get(settings.RATELIMIT_IP_META_KEY) or request.META.get("REMOTE_ADDR")
    return (value or "").split(",")[0].strip() or None


def audit_record(
    *,
    request: HttpRequest,
    action: str,
    what: str,
    patient: Patient | None = None,
    booking: Booking | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    if booking is not None and patient is None:
        patient = booking.patient
    user = request.user if request.user.is_authenticated else None
    return AuditEntry.objects.create(
        actor=user, action=action, what=what, patient=patient, booking=booking,
        ip_address=client_ip(request), path=request.get_full_path()[:300], detail=detail or {},
    )  # fmt: skip

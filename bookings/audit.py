"""The audit trail: every staff view of patient data, every change and every refusal, with who,
when and from where. Rows are only ever added (see AuditEntry).

Changes are recorded by the service that makes them, inside its transaction (a change that
rolls back leaves no row; a row never describes a change that did not happen). Views record
only what a person looked at. Where the request came from (address, path) reaches the services
through a context variable that AuditContextMiddleware sets, so a service needs no request.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import AuditEntry, Booking, Patient


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    path: str = ""


_origin: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def client_ip(request: HttpRequest) -> str | None:
    value = request.META.get(settings.RATELIMIT_IP_META_KEY) or request.META.get("REMOTE_ADDR")
    return (value or "").split(",")[0].strip() or None


class AuditContextMiddleware:
    """Makes the request's address and path known to audit_record() for its duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _origin.set(Origin(client_ip(request), request.get_full_path()[:300]))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)


def audit_record(
    *,
    actor=None,
    by_patient: bool = False,
    request: HttpRequest | None = None,
    action: str,
    what: str,
    patient: Patient | None = None,
    booking: Booking | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """One row, whoever made the change: `actor` is the staff user (or the user of `request`);
    without one, the patient (`by_patient`: a signed link, a text, the clinic's tablet) or
    the system."""
    if request is not None:
        actor = request.user
    if booking is not None and patient is None:
        patient = booking.patient
    staff = actor if actor is not None and actor.is_authenticated else None
    if staff is not None:
        by = AuditEntry.By.STAFF
    else:
        by = AuditEntry.By.PATIENT if by_patient else AuditEntry.By.SYSTEM
    origin = _origin.get() or Origin()
    return AuditEntry.objects.create(
        by=by,
        actor=staff,
        action=action,
        what=what,
        patient=patient,
        booking=booking,
        ip_address=origin.ip_address,
        path=origin.path,
        detail=detail or {},
    )


def audit_view(
    request: HttpRequest,
    *,
    what: str,
    patient: Patient | None = None,
    booking: Booking | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """A staff member looked at patient data: one row per page, whatever is on it."""
    return audit_record(
        actor=request.user,
        action=AuditEntry.Action.VIEW,
        what=what,
        patient=patient,
        booking=booking,
        detail=detail,
    )

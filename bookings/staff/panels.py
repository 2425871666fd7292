"""Extra panels other apps add to the staff dashboard and patient page.

Bookings must not know who adds them (aftercare does, from its AppConfig.ready), so the
pages ask this registry instead of importing anything.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from ..models import Patient


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


DashboardPanel = Callable[[HttpRequest], Panel | None]
PatientPanel = Callable[[HttpRequest, Patient], Panel | None]

_dashboard: list[DashboardPanel] = []
_patient: list[PatientPanel] = []
_nav: list[tuple[str, str, str]] = []  # (label, URL name, permission codename)
# A count shown beside a menu entry ("Concerns 2"), by URL name: asked on every staff page,
# so it must be one cheap query.
_badges: dict[str, Callable[[HttpRequest], int]] = {}


def register(
    *,
    dashboard: DashboardPanel | None = None,
    patient: PatientPanel | None = None,
    nav: tuple[str, str, str] | None = None,
    badge: Callable[[HttpRequest], int] | None = None,
):
    if dashboard and dashboard not in _dashboard:
        _dashboard.append(dashboard)
    if patient and patient not in _patient:
        _patient.append(patient)
    if nav and nav not in _nav:
        _nav.append(nav)
    if nav and badge:
        _badges[nav[1]] = badge


def staff_nav(request: HttpRequest) -> dict:
    """Context processor: the extra staff menu entries this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/staff/"):
        return {}
    from django.conf import settings

    extra = [
        (label, url_name, _badges[url_name](request) if url_name in _badges else 0)
        for label, url_name, perm in _nav
        if user.has_perm(f"bookings.{perm}")
    ]
    return {
        "staff_nav_extra": extra,
        # On a phone or tablet the menu is folded away: its button shows the sum.
        "staff_nav_waiting": sum(count for _, _, count in extra),
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
    }


def dashboard_panels(request: HttpRequest) -> list[Panel]:
    return [panel for make in _dashboard if (panel := make(request))]


def patient_panels(request: HttpRequest, patient: Patient) -> list[Panel]:
    return [panel for make in _patient if (panel := make(request, patient))]

"""Extra panels other apps add to the staff dashboard, patient and booking pages, and tags
they add to bookings on the grid.

Bookings must not know who adds them (aftercare does, from its AppConfig.ready), so the
pages ask this registry instead of importing anything.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from ..models import Booking, Patient


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Tag:
    """A word on a booking's block in the grid ("Consent signed"); `css` picks its look."""

    text: str
    css: str = ""
    title: str = ""


DashboardPanel = Callable[[HttpRequest], Panel | None]
PatientPanel = Callable[[HttpRequest, Patient], Panel | None]
BookingPanel = Callable[[HttpRequest, Booking], Panel | None]
# Given the bookings on a page of the schedule, the tags for each (by booking id): one call
# per page, so it must ask for all of them at once.
BookingTags = Callable[[list[Booking]], dict[int, list[Tag]]]

_dashboard: list[DashboardPanel] = []
_patient: list[PatientPanel] = []
_booking: list[BookingPanel] = []
_tags: list[BookingTags] = []
# What the completion form starts with for a booking (charting: the chart's treated areas).
_complete_initial: list[Callable[[Booking], dict]] = []
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
    booking: BookingPanel | None = None,
    tags: BookingTags | None = None,
    complete_initial: Callable[[Booking], dict] | None = None,
):
    if dashboard and dashboard not in _dashboard:
        _dashboard.append(dashboard)
    if patient and patient not in _patient:
        _patient.append(patient)
    if booking and booking not in _booking:
        _booking.append(booking)
    if tags and tags not in _tags:
        _tags.append(tags)
    if complete_initial and complete_initial not in _complete_initial:
        _complete_initial.append(complete_initial)
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


def booking_panels(request: HttpRequest, booking: Booking) -> list[Panel]:
    return [panel for make in _booking if (panel := make(request, booking))]


def bookings_tag(bookings: list[Booking]) -> None:
    """Give each booking its `extra_tags` from every registered source, for the grid."""
    found: dict[int, list[Tag]] = {}
    for make in _tags if bookings else []:
        for booking_id, tags in make(bookings).items():
            found.setdefault(booking_id, []).extend(tags)
    for booking in bookings:
        booking.extra_tags = found.get(booking.pk, [])


def completion_initial(booking: Booking) -> dict:
    initial: dict = {}
    for make in _complete_initial:
        initial.update(make(booking))
    return initial

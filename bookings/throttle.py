"""One budget of public writes per client: booking, moving, cancelling, booking the next
session and telling the clinic something doesn't look right all draw on it
(BOOKING_RATE_LIMIT, per IP). Only accepted writes count: a typo the form sends back, or a
time just taken, costs nothing. Counted in the shared cache (CACHE_URL)."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

GROUP = "public-writes"


def _usage(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group=GROUP,
        key="ip",
        rate=settings.BOOKING_RATE_LIMIT,
        method=["POST"],
        increment=increment,
    )


def public_writes_used_up(request: HttpRequest) -> bool:
    """Asked before a write: has this client made as many accepted writes as allowed?"""
    usage = _usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def public_write_count(request: HttpRequest) -> None:
    """Called once a write was accepted (something was booked, moved, sent)."""
    _usage(request, increment=True)

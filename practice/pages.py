"""Pages every app answers with: a link that no longer opens anything, and too many writes
from one client. One home each, so every app's patient pages say them the same way."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def rate_limited(
    request: HttpRequest, *, back: str | None = None, links: bool = False
) -> HttpResponse:
    """Too many writes from this client (or, with `links`, too many short links opened);
    `back` is the page to return to (the booking)."""
    context = {"back": back, "links": links}
    return render(request, "practice/rate_limited.html", context, status=429)


def link_invalid(request: HttpRequest) -> HttpResponse:
    """A signed link that was forged, has expired, or points at nothing any more."""
    return render(request, "practice/link_invalid.html", status=404)

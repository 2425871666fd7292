"""Caching of the public pages, which look the same to every visitor without a session.

Two rules keep it both safe and fast:

- A request that carries a session cookie is never served from, nor stored in, the cache:
  only such a visitor can have something personal on the page (a flash message, a staff
  login). Their copy is rendered fresh and marked private.
- Rendered pages live in a cache of each web process ("pages", in memory); only a small
  content version lives in the shared cache (CACHE_URL). Saving any clinic content bumps the
  version after commit. Each process re-reads the version at most once a second, so with a
  shared cache (Redis) an admin edit reaches every worker within about a second, and a cache
  hit costs no network round trip. With the per-process default cache, other workers catch
  up within PUBLIC_PAGE_CACHE_SECONDS.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page

CONTENT_VERSION_KEY = "public-pages:content-version"
VERSION_RECHECK_SECONDS = 1.0

_seen = {"version": 0, "at": 0.0}


def content_version() -> int:
    now = time.monotonic()
    if not _seen["version"] or now - _seen["at"] >= VERSION_RECHECK_SECONDS:
        _seen["version"] = cache.get_or_set(CONTENT_VERSION_KEY, 1, timeout=None)
        _seen["at"] = now
    return _seen["version"]


def content_version_bump() -> None:
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value starts a fresh key space
        cache.set(CONTENT_VERSION_KEY, int(time.time()), timeout=None)
    _seen["version"] = 0  # this process sees its own edit at once


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve `view` from the page cache to visitors without a session."""
    cached_by_version: dict[int, Callable[..., HttpResponse]] = {}

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        version = content_version()
        cached_view = cached_by_version.get(version)
        if cached_view is None:
            cached_by_version.clear()
            cached_view = cache_page(
                settings.PUBLIC_PAGE_CACHE_SECONDS, cache="pages", key_prefix=f"v{version}"
            )(view)
            cached_by_version[version] = cached_view
        return cached_view(request, *args, **kwargs)

    return wrapper

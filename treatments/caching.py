"""Caching of the public pages, which look the same to every visitor.

The cache key carries a content version. Saving any clinic content bumps it once the
transaction commits, so the next request renders the page afresh. With a shared cache
(CACHE_URL=redis://...) every web worker sees the bump at once; with the per-process default
an edit shows in other workers within PUBLIC_PAGE_CACHE_SECONDS.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page

CONTENT_VERSION_KEY = "public-pages:content-version"


def content_version() -> int:
    return cache.get_or_set(CONTENT_VERSION_KEY, 1, timeout=None)


def content_version_bump() -> None:
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value starts a fresh key space
        cache.set(CONTENT_VERSION_KEY, 2, timeout=None)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve `view` from the cache. Pages that read the session (messages, a logged-in
    user's name) vary by cookie, so nobody is ever shown another visitor's copy."""
    cached_by_version: dict[int, Callable[..., HttpResponse]] = {}

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        version = content_version()
        cached_view = cached_by_version.get(version)
        if cached_view is None:
            cached_by_version.clear()
            cached_view = cache_page(
                settings.PUBLIC_PAGE_CACHE_SECONDS, key_prefix=f"public-v{version}"
            )(view)
            cached_by_version[version] = cached_view
        return cached_view(request, *args, **kwargs)

    return wrapper

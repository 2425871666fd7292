"""Every staff page goes through staff_view(): a login (else a redirect to the login page),
the named permission (else 403), and no caching of patient data by browsers or proxies."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

# Marks views that went through staff_view, so tests can find any that did not.
PROTECTED = "_staff_protected"


def staff_view(*permissions: str) -> Callable:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not all(request.user.has_perm(f"bookings.{p}") for p in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        protected = never_cache(login_required(wrapper))
        setattr(protected, PROTECTED, permissions)
        return protected

    return decorate

"""Every staff page goes through staff_view(): a login (else a redirect to the login page),
the named permission (else 403, recorded in the audit log), and no caching of patient data by
browsers or proxies. What a permission cannot say (whose booking, which day) is decided in
bookings/access.py, which the views and services ask."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from .. import access

# Marks views that went through staff_view, so tests can find any that did not.
PROTECTED = "_staff_protected"


def staff_view(*permissions: str) -> Callable:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            allowed = all(request.user.has_perm(f"bookings.{p}") for p in permissions)
            access.require(allowed, actor=request.user, what=f"page {request.path[:150]}")
            return view(request, *args, **kwargs)

        protected = never_cache(login_required(wrapper))
        setattr(protected, PROTECTED, permissions)
        return protected

    return decorate

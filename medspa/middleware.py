"""Idle expiry for staff sessions without a database write on every request, and a 400 for
requests whose query string or form is not readable text."""

import time
from urllib.parse import unquote_to_bytes

from csp import constants as csp
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

TOUCHED = "_touched_at"
ADMIN_PREFIX = "/admin/"
RENEW_AFTER_SECONDS = 60


class SessionRenewMiddleware:
    """Pushes an active session's expiry forward at most once a minute.

    Django can renew on every request (SESSION_SAVE_EVERY_REQUEST), but that is a write per
    page; renewing once a minute keeps the idle timeout (SESSION_COOKIE_AGE) right to within a
    minute for a fraction of the writes. Sits after SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and settings.SESSION_COOKIE_NAME in request.COOKIES:
            now = time.time()
            if not session.is_empty() and now - session.get(TOUCHED, 0) >= RENEW_AFTER_SECONDS:
                session[TOUCHED] = now  # marks it modified: saved with a fresh expiry
        return response


@receiver(user_logged_in)
def session_touch_on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[TOUCHED] = time.time()


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF8_NAMES = {"utf-8", "utf8"}


def _undecodable(encoded: bytes) -> bool:
    """Whether a query string or urlencoded body, once its %XX escapes are undone, holds a
    NUL byte or bytes that are not UTF-8."""
    for pair in encoded.replace(b"+", b" ").split(b"&"):
        raw = unquote_to_bytes(pair)
        if b"\x00" in raw:
            return True
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return True
    return False


def request_input_problem(request: HttpRequest) -> str | None:
    """Why this request's path, query string or form body cannot be read as text, or None.

    Django decodes bad bytes as U+FFFD ("��" names in the records) and passes NUL bytes to
    the database, which refuses them with a 500; a form declaring another charset (utf-7)
    makes the decoding itself raise. None of these is something a browser sends from our
    pages, so the whole request is refused before any view reads it."""
    # A NUL in the path itself (/m/%00) reaches a URL's <str:…> part and then the database.
    if "\x00" in request.path_info:
        return "The address has characters that are not text."
    query = request.META.get("QUERY_STRING", "")
    if query and _undecodable(query.encode("iso-8859-1", errors="replace")):
        return "The address has characters that are not text."
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = (request.content_type or "").lower()
    if content_type not in FORM_TYPES:
        return None
    charset = (request.content_params or {}).get("charset")
    if charset is not None and charset.strip().lower() not in UTF8_NAMES:
        return "Forms are sent as UTF-8."
    if content_type == "application/x-www-form-urlencoded":
        try:
            body = request.body
        except RequestDataTooBig:
            return "The form is too large."
        return "The form has characters that are not text." if _undecodable(body) else None
    try:
        values = [v for key in request.POST for v in [key, *request.POST.getlist(key)]]
    except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
        return "The form could not be read."
    if any("\x00" in v or "\ufffd" in v for v in values):
        return "The form has characters that are not text."
    return None


class BadInputMiddleware:
    """Answers 400 to a request whose query string or form cannot be read as text, so that no
    view (and no database) ever sees NUL bytes, undecodable bytes or a foreign charset."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = request_input_problem(request)
        if problem is not None:
            return render(request, "400.html", {"problem": problem}, status=400)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, with one exception: Django's admin templates carry an inline
    <style>, so under the admin's URLs styles may be inline. Scripts never may."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": [csp.UNSAFE_INLINE]}
        return parts

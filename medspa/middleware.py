"""Idle expiry for staff sessions without a database write on every request."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

TOUCHED = "_touched_at"
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

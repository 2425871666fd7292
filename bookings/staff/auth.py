from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .access import staff_view


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Sent here from a page (with ?next=) while still carrying a session cookie: the
        # session ran out, rather than this being a first visit.
        ended = bool(self.request.GET.get("next")) and (
            settings.SESSION_COOKIE_NAME in self.request.COOKIES
        )
        return {
            **super().get_context_data(**kwargs),
            "session_ended": ended and self.request.method == "GET",
            "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        }


login = StaffLoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page="staff:login")


@staff_view("view_schedule")
def keepalive(request: HttpRequest) -> HttpResponse:
    """Any request renews an active session (SessionRenewMiddleware); this one does nothing
    else, for the "stay signed in" button."""
    return HttpResponse(status=204)


@staff_view()
def home(request: HttpRequest) -> HttpResponse:
    if request.user.has_perm("bookings.view_schedule"):
        return redirect("staff:day")
    if request.user.is_staff:
        return redirect("admin:index")
    # A login with no role yet: nothing here is theirs to see until a manager gives one.
    raise PermissionDenied

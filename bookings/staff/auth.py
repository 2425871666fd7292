from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .access import staff_view


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True


login = StaffLoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page="staff:login")


@staff_view()
def home(request: HttpRequest) -> HttpResponse:
    if request.user.has_perm("bookings.view_schedule"):
        return redirect("staff:day")
    if request.user.is_staff:
        return redirect("admin:index")
    # A login with no role yet: nothing here is theirs to see until a manager gives one.
    raise PermissionDenied

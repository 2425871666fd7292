from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from practice.handover import handed_over_to
from treatments.selectors import clinic_get

from . import second_factor
from .access import staff_view


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # The tablet handed to a patient: Back (or any staff address) keeps her on her form.
        handed = handed_over_to(request.session)
        if handed and not request.user.is_authenticated:
            return redirect(f"{handed}?back=1")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # One password tried across many usernames from one address: django-axes locks a
        # username at one address after a few failures; this locks the address itself after
        # many more, so five colleagues behind the clinic's one address who each mistype once
        # are never locked out together.
        usage = _address_failures(request, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return render(request, "staff/locked_out.html", {"address": True}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _address_failures(self.request, increment=True)
        return super().form_invalid(form)

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


def _address_failures(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group="staff-login-failures",
        key="ip",
        rate=settings.STAFF_LOGIN_ADDRESS_LIMIT,
        method=["POST"],
        increment=increment,
    )


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


# -- the second factor (bookings/staff/second_factor.py) ---------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The six digits your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class NewAppCodeForm(CodeForm):
    """Setting up: only the app's code will do (there are no recovery codes yet)."""

    code = forms.CharField(
        label="Code",
        max_length=8,
        help_text="The six digits the app shows for this account.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _code_forget(form: CodeForm) -> None:
    """A wrong code is never shown back: the field comes back empty, ready for the next."""
    data = form.data.copy()
    data["code"] = ""
    form.data = data


def _second_factor_page(request, template: str, context: dict, *, status: int = 200):
    return render(
        request,
        template,
        {**context, "next": second_factor.safe_next(request, reverse("staff:home"))},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def second_step(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app, or a recovery code."""
    user = request.user
    done = second_factor.safe_next(request, reverse("staff:home"))
    if second_factor.second_factor_given(request) or not second_factor.second_factor_required(user):
        return redirect(done)
    if second_factor.app_device(user) is None:
        return redirect(f"{reverse('staff:second_factor_set_up')}?{urlencode({'next': done})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.code_check(user, form.cleaned_data["code"])
        if device is not None:
            second_factor.second_factor_log_in(request, device)
            return redirect(done)
        form.add_error(
            "code", "That code did not work. Type the code your app shows now, or a recovery code."
        )
        _code_forget(form)
    context = {"form": form, "demo_code": second_factor.demo_code(user)}
    return _second_factor_page(
        request, "staff/second_step.html", context, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app: scan, type a code it shows, keep the recovery codes."""
    user = request.user
    done = second_factor.safe_next(request, reverse("staff:home"))
    if second_factor.app_device(user) is not None:
        # Set up already: changing it is a manager's reset, never a logged-in session's whim.
        return redirect(f"{reverse('staff:second_step')}?{urlencode({'next': done})}")
    device = second_factor.app_device_start(user)
    form = NewAppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.app_device_confirm(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _second_factor_page(request, "staff/recovery_codes.html", {"codes": codes})
        form.add_error("code", "That code did not work. Type the six digits the app shows now.")
        _code_forget(form)
    clinic = clinic_get()
    issuer = clinic.name if clinic else "Clinic"
    context = {"form": form, "app": second_factor.new_app_show(device, issuer=issuer)}
    return _second_factor_page(
        request, "staff/second_factor_set_up.html", context, status=400 if form.errors else 200
    )


class ResetForm(forms.Form):
    reason = forms.CharField(
        label="Why",
        max_length=300,
        help_text="A lost phone, a new phone: kept in the audit log.",
    )


@staff_view("manage_team")
def team(request: HttpRequest) -> HttpResponse:
    """The manager's list of logins, their roles and second factors, with the reset for a lost
    phone."""
    return render(request, "staff/team.html", {"members": second_factor.team_list()})


@staff_view("manage_team")
def second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        second_factor.second_factor_reset(
            actor=request.user, person=person, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            f"{person.get_full_name() or person.get_username()} sets up an authenticator app "
            "again at their next login.",
        )
        return redirect("staff:team")
    return render(
        request,
        "staff/second_factor_reset.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )

"""The second factor staff sign in with after their password: a six-digit code from an
authenticator app (TOTP, RFC 6238), or one of ten single-use recovery codes.

Who needs it is decided here alone (`second_factor_required`): anyone who can read the clinical
record (providers, managers) or open the back office (the admin), and the front desk when the
clinic asks for it (the clinic's "front desk needs a second factor"). A login with no role sees
nothing and needs none.

django-otp keeps the devices (the authenticator's secret, the recovery codes), checks codes
and slows guessing down (each wrong code doubles the wait before the next is tried). Its
middleware is not used: it reads the device on every request, a query on every staff page. The
session keeps the id of the device that was used (django-otp's own session key, set by its
`login`), and `SecondFactorMiddleware` sends any /staff/ or /admin/ request of a password-only
session to the second step (or to setting one up), without a query of its own. A manager's
reset deletes the person's devices and ends their sessions, so nothing verified outlives it.
"""

import base64
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice.roles import FRONT_DESK, role_permissions
from treatments.selectors import clinic_get

from ..audit import audit_record
from ..models import AuditEntry

RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"
# `make run` pre-enrols the demo logins with devices of this name; with DEBUG on (and only
# then) the second step shows their current code, so a newcomer needs no phone to look round.
DEMO_DEVICE = "Demo authenticator (make run)"
GUARDED_PREFIXES = ("/staff/", "/admin/")


def _desk_permissions() -> frozenset[str]:
    """What the front desk holds, as has_perm names: asked at the time, since every app grants
    its own permissions from its AppConfig.ready."""
    return frozenset(f"{app}.{codename}" for app, codename in role_permissions(FRONT_DESK))


def second_factor_required(user) -> bool:
    """Whether this login must give a second factor before any staff page or the admin:
    anyone with the back office, or with any permission beyond the front desk's (reading the
    clinical record, the reports, the audit log, the team, however it was given); the front
    desk when the clinic asks for it. A login with no permission sees nothing and needs none."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    permissions = user.get_all_permissions()
    if not permissions:
        return False
    if permissions <= _desk_permissions():
        clinic = clinic_get()
        return clinic is not None and clinic.desk_second_factor
    return True


def second_factor_given(request) -> bool:
    """Whether this session gave the second factor (the device it used is in the session)."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def app_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


def second_step_url(request, user) -> str:
    """Where a password-only session goes: the code, or setting up an app if it has none."""
    name = "staff:second_step" if app_device(user) else "staff:second_factor_set_up"
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    """Every /staff/ and /admin/ address, for a session that gave only a password, answers with
    a redirect to the second step; the login, logout and second-step pages themselves excepted."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {
                reverse(name)
                for name in (
                    "staff:login",
                    "staff:logout",
                    "staff:second_step",
                    "staff:second_factor_set_up",
                )
            }
        return self._open_paths

    def __call__(self, request):
        if (
            request.path_info.startswith(GUARDED_PREFIXES)
            # reverse() gives full paths, script prefix included, as request.path is.
            and request.path not in self.open_paths()
            and request.user.is_authenticated
            and not second_factor_given(request)
            and second_factor_required(request.user)
        ):
            return redirect(second_step_url(request, request.user))
        return self.get_response(request)


# -- giving the second factor ------------------------------------------------------------------


def code_check(user, code: str):
    """The device `code` belongs to (the app's code, or an unused recovery code, which is then
    used up), or None. django-otp throttles each device (a wrong code doubles the wait) and
    refuses a time step already used; the devices' rows are locked while a code is checked, so
    guesses sent at once are counted one after another, one code never lets in twice, and a
    manager's reset at that moment is never undone by the check saving the device again."""
    code = "".join(code.split()).replace("-", "").lower()
    if not code:
        return None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("id")
            .first()
        )
        if (
            device is not None
            and code.isdigit()
            and device.verify_is_allowed()[0]
            and device.verify_token(code)
        ):
            return device
        for recovery in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if recovery.verify_token(code):
                return recovery
    return None


def second_factor_log_in(request, device) -> None:
    """Marks the session as having given its second factor, with `device`."""
    otp_login(request, device)
    audit_record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="second factor given",
        detail={"with": "recovery code" if isinstance(device, StaticDevice) else "app"},
    )


@dataclass(frozen=True)
class NewApp:
    """What the set-up page shows: the QR code to scan and the key to type instead."""

    qr_svg: str
    key: str


def app_device_start(user) -> TOTPDevice:
    """The unconfirmed app device being set up (one per person, made if there is none)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def new_app_show(device: TOTPDevice, *, issuer: str) -> NewApp:
    key = base64.b32encode(device.bin_key).decode()
    label = quote(f"{issuer}:{device.user.get_username()}")  # a clinic name may hold # or ?
    uri = f"otpauth://totp/{label}?" + urlencode(
        {"secret": key, "issuer": issuer, "digits": device.digits}
    )
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#1d1d1b", omitsize=False)
    return NewApp(svg, " ".join(key[i : i + 4] for i in range(0, len(key), 4)))


def app_device_confirm(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the app being set up with a code it shows; returns the new recovery codes
    (to be shown once), or None if the code is wrong. Any earlier devices go."""
    code = "".join(code.split())
    user = device.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if (
            device is None
            or not code.isdigit()
            or not device.verify_is_allowed()[0]
            or not device.verify_token(code)
        ):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
        audit_record(request=request, action=AuditEntry.Action.CREATE, what="second factor set up")
    second_factor_log_in(request, device)
    return codes


def demo_code(user) -> str | None:
    """With DEBUG on only: the code a demo login's pre-enrolled device takes now. A code is
    taken once (django-otp refuses a time step already used), so after a login in this same
    half-minute it is the next step's, which the device's tolerance of one step accepts."""
    if not settings.DEBUG:
        return None
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE, confirmed=True).first()
    if device is None:
        return None
    step = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(step, (device.last_t or -1) + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


# -- a lost phone --------------------------------------------------------------------------------


def second_factor_reset(*, actor, person, reason: str) -> None:
    """A manager clears a colleague's second factor (a lost or new phone): their devices go, their
    sessions end, and their next login sets up an app again. Audited with the reason."""
    from .. import access

    access.require(
        actor.has_perm("bookings.manage_team")
        and person.pk != actor.pk
        # The back office's superusers are reset only by one of their own.
        and (actor.is_superuser or not person.is_superuser),
        actor=actor,
        what="reset a second factor",
    )
    if not reason.strip():
        raise ValueError("Say why (a lost phone, a new phone).")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        _sessions_end(person)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            what="second factor reset",
            detail={"person": person.get_username(), "reason": reason.strip()[:300]},
        )


def _sessions_end(person) -> None:
    """Every live session of `person` ends. Sessions are signed blobs keyed by their id, so the
    live ones (a 30-minute idle limit keeps them few) are read to find theirs."""
    key = str(person.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()


@dataclass(frozen=True)
class TeamMember:
    user: object
    role: str
    needs_second_factor: bool
    set_up_on: object  # when their app was confirmed, or None
    recovery_codes_left: int


def team_list() -> list[TeamMember]:
    """Every active staff login with its role and second factor, for the manager's team page."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "username")
    )
    apps = {d.user_id: d for d in TOTPDevice.objects.filter(confirmed=True).order_by("created_at")}
    left: dict[int, int] = {}
    for token in StaticToken.objects.select_related("device"):
        left[token.device.user_id] = left.get(token.device.user_id, 0) + 1
    members = []
    for user in users:
        role = ", ".join(g.name for g in user.groups.all()) or (
            "Back office" if user.is_staff else "No role"
        )
        device = apps.get(user.pk)
        members.append(
            TeamMember(
                user,
                role,
                second_factor_required(user),
                getattr(device, "created_at", None),
                left.get(user.pk, 0),
            )
        )
    return members

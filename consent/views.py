"""The patient's side: the forms of one booking through its signed link, and a form handed
over on the clinic's tablet. Thin: the rules are the services' and selectors'."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bookings.audit import client_ip
from bookings.models import Booking
from practice.handover import HANDED_OVER_KEY
from practice.pages import link_invalid

from . import selectors, services
from .forms import SignForm
from .links import booking_from_forms_token
from .models import FormKind, FormSubmission, FormTemplate, KioskSession
from .rendering import body_blocks

# The tablet's session key: the form it shows, by its kiosk session's token.
KIOSK_KEY = "consent_kiosk"


@never_cache
def forms(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_from_forms_token(token)
    if booking is None:
        return link_invalid(request)
    return render(
        request,
        "consent/forms.html",
        {
            "booking": booking,
            "states": selectors.booking_form_states(booking),
            "token": token,
            "just_signed": request.GET.get("signed") == "1",
        },
    )


def _sign_form(request: HttpRequest, *, template: FormTemplate, patient, version) -> SignForm:
    prefill = selectors.intake_prefill(patient) if template.kind == FormKind.INTAKE else None
    data = request.POST if request.method == "POST" else None
    return SignForm(data, version=version, patient=patient, prefill=prefill)


def _sign(request: HttpRequest, form: SignForm, *, booking: Booking, template, kiosk=None):
    """Sign with the form's cleaned data; a refusal becomes a form error and writes nothing."""
    signed = {
        "version": form.version,
        "answers": form.answers(),
        "photo_release": form.photo_release(),
        "signature": form.signature_given(),
        "ip_address": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }
    try:
        if kiosk is not None:
            return services.form_sign(
                request=kiosk.request,
                signed_on=FormSubmission.SignedOn.CLINIC_TABLET,
                kiosk=kiosk,
                **signed,
            )
        return services.form_sign_from_link(booking=booking, template=template, **signed)
    except services.ConsentError as error:
        form.add_error(None, str(error))
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def form_sign(request: HttpRequest, token: str, template_id: int) -> HttpResponse:
    booking = booking_from_forms_token(token)
    if booking is None:
        return link_invalid(request)
    state = next(
        (s for s in selectors.booking_form_states(booking) if s.template.pk == template_id), None
    )
    if state is None:
        raise Http404("Not a form of this appointment")
    if state.is_signed:
        return redirect("consent:forms", token=token)
    version = services.form_version_latest(state.template)
    if version is None:
        raise Http404("This form has no words yet")
    form = _sign_form(request, template=state.template, patient=booking.patient, version=version)
    signed = request.method == "POST" and form.is_valid()
    if signed and _sign(request, form, booking=booking, template=state.template):
        return redirect(f"{reverse('consent:forms', kwargs={'token': token})}?signed=1")
    return render(
        request,
        "consent/sign.html",
        {
            "booking": booking,
            "version": version,
            "blocks": body_blocks(version.body),
            "form": form,
            "token": token,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# -- the clinic's tablet ------------------------------------------------------------------


def _tablet_release(request: HttpRequest) -> None:
    """The tablet is the clinic's again: its staff pages and login open as usual."""
    request.session.pop(KIOSK_KEY, None)
    request.session.pop(HANDED_OVER_KEY, None)


@never_cache
@require_POST
def tablet_hand_back(request: HttpRequest) -> HttpResponse:
    """The patient (or the desk) hands the tablet back without signing: the form stays
    unsigned, the handover ends, and the staff login opens again."""
    kiosk = services.kiosk_for_token(request.session.get(KIOSK_KEY, ""))
    if kiosk is not None:
        services.kiosk_end(kiosk=kiosk)
    _tablet_release(request)
    return render(request, "consent/tablet_done.html", {"signed": False, "handed_back": True})


@never_cache
@require_http_methods(["GET", "POST"])
def tablet(request: HttpRequest) -> HttpResponse:
    kiosk: KioskSession | None = services.kiosk_for_token(request.session.get(KIOSK_KEY, ""))
    if kiosk is None:
        _tablet_release(request)
        return render(request, "consent/tablet_done.html", {"signed": False})
    template = kiosk.request.template
    version = services.form_version_latest(template)
    if version is None:
        raise Http404("This form has no words yet")
    patient = kiosk.request.patient
    form = _sign_form(request, template=template, patient=patient, version=version)
    booking = kiosk.request.booking
    signed = request.method == "POST" and form.is_valid()
    if signed and _sign(request, form, booking=booking, template=template, kiosk=kiosk):
        _tablet_release(request)
        return render(request, "consent/tablet_done.html", {"signed": True})
    return render(
        request,
        "consent/sign.html",
        {
            "version": version,
            "blocks": body_blocks(version.body),
            "form": form,
            "patient": patient,
            "on_tablet": True,
            # Sent back here from a staff address (Back, or a bookmark): say why.
            "kept_on_form": request.GET.get("back") == "1",
        },
        status=400 if form.is_bound and form.errors else 200,
    )

"""The patient's side of booking: choose, pick a time, details, confirmation, and the manage
page reached by a signed link. Function-based views; rules live in services and selectors."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from practice.pages import link_invalid, rate_limited
from practice.zones import time_zone_shown
from treatments.selectors import treatment_get_published, treatment_list_published

from . import patient_links, preferences, selectors, services, throttle
from .calendar import PUBLISH, booking_ics
from .day_picker import PROVIDER_GONE, ProviderUnavailable, day_picker_context, provider_from
from .forms import (
    BookingDetailsForm,
    CancelForm,
    ContactChangeForm,
    ContactCodeForm,
    MessagePreferencesForm,
)
from .links import (
    booking_cancelled_from_manage_token,
    booking_from_manage_token,
    booking_manage_path,
)
from .models import CONTACT_CODE_MINUTES, Booking, ContactChange
from .parsing import start_parse
from .phones import phone_display


def _fragment(request: HttpRequest) -> bool:
    # htmx asks for just the slots when a day is chosen, but a Back/Forward reload it makes
    # (history restore) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def link_cancelled(request: HttpRequest, booking: Booking) -> HttpResponse:
    change = (
        booking.status_changes.filter(to_status=Booking.Status.CANCELLED)
        .order_by("-changed_at")
        .first()
    )
    return render(
        request,
        "bookings/link_cancelled.html",
        {"booking": booking, "cancelled_at": change.changed_at if change else booking.updated_at},
        status=410,
    )


# --- Booking a consultation ------------------------------------------------------------------


@require_safe
def consultation_start(request: HttpRequest) -> HttpResponse:
    """Step 1: what the consultation is about."""
    slug = request.GET.get("treatment")
    if slug and treatment_list_published().filter(slug=slug).exists():
        return redirect("bookings:pick_time", treatment_slug=slug)
    return render(
        request,
        "bookings/start.html",
        {"treatments": treatment_list_published(), "online": selectors.consultation_type_get()},
    )


@require_safe
@vary_on_headers("HX-Request")
def consultation_pick_time(request: HttpRequest, treatment_slug: str) -> HttpResponse:
    """Step 2: a day, then a time; optionally a provider. Works with and without htmx."""
    treatment = treatment_get_published(slug=treatment_slug)
    appointment_type = selectors.consultation_type_get()
    if appointment_type is None:
        return redirect("bookings:start")
    try:
        provider = provider_from(request, request.GET, treatment)
    except ProviderUnavailable:
        messages.error(request, "That provider isn't available for this; here is everyone's time.")
        return redirect("bookings:pick_time", treatment_slug=treatment.slug)
    context = day_picker_context(
        request, treatment=treatment, appointment_type=appointment_type, provider=provider
    )
    context.update(
        treatment=treatment,
        appointment_type=appointment_type,
        step=2,
        slot_url=reverse("bookings:details", kwargs={"treatment_slug": treatment.slug}),
        page_url=request.path,
    )
    template = "bookings/_slots.html" if _fragment(request) else "bookings/pick_time.html"
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def consultation_details(request: HttpRequest, treatment_slug: str) -> HttpResponse:
    """Step 3: who you are and the screening questions; the slot is re-checked at submit."""
    treatment = treatment_get_published(slug=treatment_slug)
    appointment_type = selectors.consultation_type_get()
    source = request.POST if request.method == "POST" else request.GET
    start = start_parse(source.get("start"))
    pick_url = reverse("bookings:pick_time", kwargs={"treatment_slug": treatment.slug})
    if appointment_type is None or start is None:
        messages.error(request, "Please choose a time for your consultation.")
        return redirect(pick_url)
    asked = {"appointment_type": appointment_type, "treatment": treatment, "start": start}
    try:
        provider, provider_gone = provider_from(request, source, treatment), False
    except ProviderUnavailable:
        provider, provider_gone = None, True
    form = BookingDetailsForm(request.POST or None)
    context = {
        **asked,
        "provider": provider,
        "form": form,
        "pick_url": pick_url,
        "step": 3,
        "time_zone": time_zone_shown(start),
        # Booked now, it could no longer be changed online: said before the patient confirms.
        "inside_window": not services.booking_patient_may_change_at(start=start),
    }
    if provider_gone:
        # Never quietly someone else: everyone's nearest times, for the patient to choose.
        everyone = services.slot_taken(**asked, provider=None)
        context["taken"] = services.SlotTaken(PROVIDER_GONE, alternatives=everyone.alternatives)
        return render(request, "bookings/details.html", context, status=409)
    if request.method == "GET":
        context["taken"] = services.consultation_time_taken(**asked, provider=provider)
        return render(request, "bookings/details.html", context)

    if throttle.public_writes_used_up(request):
        # What was typed stays in the form; nothing is booked.
        context["limited"] = True
        return render(request, "bookings/details.html", context, status=429)
    if not form.is_valid():
        return render(request, "bookings/details.html", context, status=400)
    try:
        booking = services.consultation_book(
            **asked,
            provider=provider,
            patient_details=form.patient_details(),
            intake_answers=form.intake_answers(),
        )
    except services.SlotTaken as taken:
        context["taken"] = taken
        return render(request, "bookings/details.html", context, status=409)
    except services.PatientAlreadyBooked as already:
        if already.booking is not None:
            # Its details went out again: that draws on the budget, so it can't go on repeat.
            throttle.public_write_count(request)
        context["already"] = already.booking
        return render(request, "bookings/details.html", context, status=409)
    except services.BookingError as error:
        form.add_error(None, str(error))
        return render(request, "bookings/details.html", context, status=400)
    throttle.public_write_count(request)
    return redirect(booking_manage_path(booking) + "?" + urlencode({"booked": 1}))


# --- Managing a booking through its signed link -------------------------------------------


def _manage_view(view):
    """Turns any unusable link (tampered, expired, dead) into the plain invalid-link page."""

    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        booking = booking_from_manage_token(token)
        if booking is None:
            cancelled = booking_cancelled_from_manage_token(token)
            if cancelled is not None:
                return link_cancelled(request, cancelled)
            return link_invalid(request)
        return view(request, booking, token, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@never_cache
@require_safe
@_manage_view
def manage(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    return render(
        request,
        "bookings/manage.html",
        {
            "booking": booking,
            "token": token,
            "just_booked": request.GET.get("booked") == "1",
            "time_zone": time_zone_shown(booking.start),
            "may_change": services.booking_patient_may_change(booking=booking),
            "move_refusal": services.booking_patient_move_refusal(booking=booking),
            "cancel_form": CancelForm(),
            "care_links": patient_links.manage_page_links(booking),
            "channels": preferences.channels_for(booking.patient),
            "preferences_url": preferences.preferences_path(booking.patient),
        },
    )


@never_cache
@require_safe
@_manage_view
def manage_calendar(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    from treatments.selectors import clinic_get

    response = HttpResponse(
        booking_ics(booking, clinic=clinic_get(), method=PUBLISH),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@never_cache
@require_POST
@_manage_view
def manage_cancel(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    if throttle.public_writes_used_up(request):
        return rate_limited(request, back=reverse("bookings:manage", kwargs={"token": token}))
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please keep the reason under 300 characters.")
        return redirect("bookings:manage", token=token)
    try:
        booking = services.booking_cancel(
            booking=booking, reason=form.cleaned_data["reason"], by_patient=True
        )
    except services.BookingError as error:
        messages.error(request, str(error))
        return redirect("bookings:manage", token=token)
    throttle.public_write_count(request)
    return render(
        request,
        "bookings/cancelled.html",
        {"booking": booking, "channels": preferences.channels_for(booking.patient)},
    )


@never_cache
@require_safe
@vary_on_headers("HX-Request")
@_manage_view
def manage_reschedule(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    refusal = services.booking_patient_move_refusal(booking=booking)
    if refusal:
        messages.error(request, f"{refusal} Please call us to move it.")
        return redirect("bookings:manage", token=token)
    try:
        provider = provider_from(request, request.GET, booking.treatment, keeping=booking)
    except ProviderUnavailable:
        return redirect("bookings:manage_reschedule", token=token)
    context = day_picker_context(
        request,
        treatment=booking.treatment,
        appointment_type=booking.appointment_type,
        provider=provider,
        booking=booking,
    )
    context.update(
        booking=booking,
        treatment=booking.treatment,
        appointment_type=booking.appointment_type,
        slot_url=reverse("bookings:manage_reschedule_confirm", kwargs={"token": token}),
        page_url=request.path,
        rescheduling=True,
    )
    template = "bookings/_slots.html" if _fragment(request) else "bookings/pick_time.html"
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
@_manage_view
def manage_reschedule_confirm(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    if request.method == "POST" and throttle.public_writes_used_up(request):
        return rate_limited(request, back=reverse("bookings:manage", kwargs={"token": token}))
    source = request.POST if request.method == "POST" else request.GET
    start = start_parse(source.get("start"))
    back = reverse("bookings:manage_reschedule", kwargs={"token": token})
    try:
        provider = provider_from(request, source, booking.treatment, keeping=booking)
    except ProviderUnavailable:
        messages.error(request, "That provider isn't available any more; please choose again.")
        return redirect(back)
    if start is None:
        messages.error(request, "Please choose a new time.")
        return redirect(back)
    refusal = services.booking_patient_move_refusal(booking=booking)
    if refusal:
        messages.error(request, f"{refusal} Please call us to move it.")
        return redirect("bookings:manage", token=token)
    if start == booking.start and provider in (None, booking.provider):
        # Back from the page after a move lands here with the time it moved to: there is
        # nothing to ask ("from 9:15 AM to 9:15 AM?"), so say where it stands.
        local = timezone.localtime(booking.start)
        messages.info(
            request, f"Your appointment is at {local:%-I:%M %p} on {local:%A %-d %B}, as chosen."
        )
        return redirect("bookings:manage", token=token)
    context = {
        "booking": booking,
        "start": start,
        "provider": provider,
        "token": token,
        "pick_url": back,
        "time_zone": time_zone_shown(start),
    }
    if request.method == "POST":
        try:
            services.booking_reschedule(booking=booking, start=start, provider=provider)
        except services.SlotTaken as taken:
            context["taken"] = taken
            return render(request, "bookings/reschedule_confirm.html", context, status=409)
        except services.BookingError as error:
            messages.error(request, str(error))
            return redirect("bookings:manage", token=token)
        throttle.public_write_count(request)
        told = (
            "emailed"
            if preferences.EMAIL in preferences.channels_for(booking.patient)
            else "texted"
        )
        messages.success(request, f"Done: your appointment has moved. We've {told} the new time.")
        return redirect("bookings:manage", token=token)
    return render(request, "bookings/reschedule_confirm.html", context)


# --- Correcting one's email or phone from the manage page, proved by a code -----------------


def _contact_shown(kind: str, value: str) -> str:
    return phone_display(value) if kind == ContactChange.Kind.PHONE else value


@never_cache
@require_http_methods(["GET", "POST"])
@_manage_view
def manage_contact(request: HttpRequest, booking: Booking, token: str) -> HttpResponse:
    """A form for a new email and one for a new mobile number; either sends a code to the new
    address and leads to the page that asks for it."""
    if request.method == "POST" and throttle.public_writes_used_up(request):
        return rate_limited(request, back=reverse("bookings:manage", kwargs={"token": token}))
    posted = request.POST.get("kind") if request.method == "POST" else None
    by_kind = {
        kind: ContactChangeForm(request.POST if kind == posted else None, kind=kind)
        for kind in ContactChange.Kind.values
    }
    status, refusal = 200, ""
    if request.method == "POST":
        status = 400
        form = by_kind.get(posted)
        if form is None:
            refusal = "Please choose whether to change your email or your mobile number."
        elif form.is_valid():
            try:
                change = services.contact_change_start(
                    patient=booking.patient, kind=posted, new_value=form.cleaned_data["new_value"]
                )
            except services.ContactChangeError as error:
                form.add_error("new_value", str(error))
            else:
                throttle.public_write_count(request)
                return redirect(
                    "bookings:manage_contact_code", token=token, change=change.public_id
                )
    context = {
        "booking": booking,
        "token": token,
        "patient": booking.patient,
        "email_form": by_kind[ContactChange.Kind.EMAIL],
        "phone_form": by_kind[ContactChange.Kind.PHONE],
        "refusal": refusal,
    }
    return render(request, "bookings/contact_change.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@_manage_view
def manage_contact_code(
    request: HttpRequest, booking: Booking, token: str, change: UUID
) -> HttpResponse:
    """Type the code sent to the new address; the right one changes the record."""
    found = services.contact_change_open(patient=booking.patient, public_id=change)
    if found is None:
        return link_invalid(request)
    if request.method == "POST" and throttle.public_writes_used_up(request):
        return rate_limited(request, back=reverse("bookings:manage", kwargs={"token": token}))
    form = ContactCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.contact_change_confirm(change=found, code=form.cleaned_data["code"])
            except services.ContactChangeError as error:
                form.add_error("code", str(error))
            else:
                throttle.public_write_count(request)
                noun = "email" if found.kind == ContactChange.Kind.EMAIL else "mobile number"
                shown = _contact_shown(found.kind, found.new_value)
                messages.success(request, f"Your {noun} is now {shown}.")
                return redirect("bookings:manage", token=token)
    context = {
        "booking": booking,
        "token": token,
        "change": found,
        "sent_to": _contact_shown(found.kind, found.new_value),
        "minutes": CONTACT_CODE_MINUTES,
        "form": form,
    }
    return render(request, "bookings/contact_code.html", context, status=status)


# --- What care messages a patient gets, through the signed link in every message -----------


def _preferences_view(view):
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        patient = preferences.patient_from_preferences_token(token)
        if patient is None:
            return link_invalid(request)
        return view(request, patient, token, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
@_preferences_view
def message_preferences(request: HttpRequest, patient, token: str) -> HttpResponse:
    """Every kind of care message, each with its switch."""
    form = MessagePreferencesForm.for_patient(patient, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.patient_preferences_set(patient=patient, wants=form.cleaned_data)
        messages.success(request, "Saved. You'll get only the messages ticked below.")
        return redirect(preferences.preferences_path(patient))
    return render(
        request,
        "bookings/preferences.html",
        {"patient": patient, "form": form, "token": token, "all_kind": preferences.STOP_ALL},
    )


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST the one-click unsubscribe without a session
@require_http_methods(["GET", "POST"])
@_preferences_view
def message_preferences_stop(request: HttpRequest, patient, token: str, kind: str):
    """The List-Unsubscribe link of a message: GET asks (mail scanners open links), POST stops
    that kind of message, or every kind for `all`."""
    chosen = preferences.BY_SLUG.get(kind)
    if chosen is None and kind != preferences.STOP_ALL:
        return link_invalid(request)
    context = {"patient": patient, "token": token, "kind": chosen, "all_kind": preferences.STOP_ALL}
    if request.method == "POST":
        services.patient_messages_stop(patient=patient, kind=chosen)
        patient.refresh_from_db()
        context["stopped"] = True
        context["still_on"] = [
            k for k in preferences.KINDS if preferences.patient_wants(patient, k)
        ]
    return render(request, "bookings/preferences_stop.html", context)

"""The patient's aftercare pages, reached only through the signed link in every aftercare
email: the day-by-day timeline, 'something doesn't look right', booking the next session of
the series, and one-click unsubscribe."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from bookings import preferences, throttle
from bookings import services as booking_services
from bookings.day_picker import ProviderUnavailable, day_picker_context, provider_from
from bookings.links import booking_manage_path
from bookings.models import AppointmentType
from bookings.parsing import start_parse
from bookings.selectors import clinic_zone
from photos.links import patient_photos_for_timeline
from practice.pages import link_invalid, rate_limited
from treatments.selectors import clinic_open_at

from . import services
from .forms import ConcernForm, TimelineDayForm
from .links import course_from_token, patient_from_unsubscribe_token
from .models import Course
from .selectors import timeline_day


def _course_view(view):
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        course = course_from_token(token)
        if course is None or course.status == Course.Status.CANCELLED:
            return link_invalid(request)
        return view(request, course, token, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _timeline_render(
    request: HttpRequest,
    course: Course,
    token: str,
    *,
    form: ConcernForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    today = services.course_day(course)
    day_form = TimelineDayForm(request.GET)
    day = (
        day_form.cleaned_data["day"]
        if day_form.is_valid() and day_form.cleaned_data["day"] is not None
        else today
    )
    day = max(-60, min(day, 400))
    offer = services.next_session_offer(course)
    booked = bool(offer and offer.get("booked"))
    return render(
        request,
        "aftercare/timeline.html",
        {
            "course": course,
            "token": token,
            "today": today,
            "view": timeline_day(course=course, day=day),
            "next_session": offer,
            # A session already booked is managed from its own link, as any booking.
            "next_session_url": booking_manage_path(offer["booked"]) if booked else "",
            "sent": request.method == "GET" and request.GET.get("sent") == "1",
            "form": form or ConcernForm(),
            "replies": course.concerns.exclude(handled_note="").order_by("created_at"),
            # The reminders this timeline sends can be tuned or stopped from here, not only
            # from the foot of an email.
            "preferences_url": preferences.preferences_path(course.patient),
            "clinic_open": clinic_open_at(timezone.now()),
            "channels": preferences.channels_for(course.patient),
            # Nothing unless the clinic shows patients their photos and this one agreed.
            "photos": patient_photos_for_timeline(course.patient, booking=course.booking),
        },
        status=status or (400 if form is not None else 200),
    )


@never_cache
@require_safe
@_course_view
def timeline(request: HttpRequest, course: Course, token: str) -> HttpResponse:
    return _timeline_render(request, course, token)


@never_cache
@require_http_methods(["POST"])
@_course_view
def something_wrong(request: HttpRequest, course: Course, token: str) -> HttpResponse:
    form = ConcernForm(request.POST, request.FILES)
    if throttle.public_writes_used_up(request):
        # What was typed stays in the form; nothing is sent.
        form.is_valid()
        form.add_error(None, "We've had a lot of messages from your connection; please call us.")
        return _timeline_render(request, course, token, form=form, status=429)
    if not form.is_valid():
        return _timeline_render(request, course, token, form=form)
    data = form.cleaned_data
    services.concern_send(
        course=course,
        day_offset=services.course_day(course),
        text=data["text"],
        urgency=data["urgency"],
        photo=data["photo"],
    )
    throttle.public_write_count(request)
    return redirect(reverse("aftercare:timeline", kwargs={"token": token}) + "?sent=1#told-us")


def _session_type(course: Course) -> AppointmentType | None:
    return services.next_session_type(course)


@never_cache
@require_safe
@_course_view
def next_session(request: HttpRequest, course: Course, token: str) -> HttpResponse:
    window = services.next_session_window(course)
    kind = _session_type(course)
    if window is None or kind is None:
        return redirect(reverse("aftercare:timeline", kwargs={"token": token}))
    booked = services.next_session_booked(course)
    if booked is not None:
        # One next session at a time: the patient manages it from its own link.
        return redirect(booking_manage_path(booked))
    try:
        provider = provider_from(request, request.GET, course.treatment)
    except ProviderUnavailable:
        provider = None
    page = reverse("aftercare:next_session", kwargs={"token": token})
    context = day_picker_context(
        request,
        treatment=course.treatment,
        appointment_type=kind,
        provider=provider,
        start_date=window[0],
        end_date=window[1],
    )
    context.update(
        {
            "course": course,
            "token": token,
            "kind": kind,
            "window": window,
            "page_url": page,
            "slot_url": reverse("aftercare:next_session_confirm", kwargs={"token": token}),
        }
    )
    return render(request, "aftercare/next_session.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@_course_view
def next_session_confirm(request: HttpRequest, course: Course, token: str) -> HttpResponse:
    if request.method == "POST" and throttle.public_writes_used_up(request):
        return rate_limited(request)
    kind = _session_type(course)
    source = request.POST if request.method == "POST" else request.GET
    start = start_parse(source.get("start"))
    back = reverse("aftercare:next_session", kwargs={"token": token})
    window = services.next_session_window(course)
    try:
        provider = provider_from(request, source, course.treatment)
    except ProviderUnavailable:
        messages.error(request, "That provider isn't available for this; please choose again.")
        return redirect(back)
    if kind is None or start is None or window is None:
        return redirect(back)
    if not window[0] <= start.astimezone(clinic_zone()).date() <= window[1]:
        messages.error(request, "Please choose one of the times offered.")
        return redirect(back)
    context = {
        "course": course,
        "token": token,
        "kind": kind,
        "start": start,
        "pick_url": back,
        "provider": provider,
    }
    booked = services.next_session_booked(course)
    if booked is not None:
        return redirect(booking_manage_path(booked))
    if request.method == "POST":
        try:
            booking = services.next_session_book(
                course=course, appointment_type=kind, start=start, provider=provider
            )
            throttle.public_write_count(request)
        except services.NextSessionAlreadyBooked as already:
            return redirect(booking_manage_path(already.booking))
        except booking_services.SlotTaken as taken:
            context["taken"] = taken
            return render(request, "aftercare/next_session_confirm.html", context, status=409)
        except (booking_services.BookingError, services.AftercareError) as error:
            messages.error(request, str(error))
            return redirect(back)
        return redirect(booking_manage_path(booking) + "?" + urlencode({"booked": 1}))
    return render(request, "aftercare/next_session_confirm.html", context)


@never_cache
@require_safe
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The unsubscribe link of emails sent before preferences had kinds: it now opens the
    page that stops every care message (one click there), with the choice of kinds beside."""
    patient = patient_from_unsubscribe_token(token)
    if patient is None:
        return link_invalid(request)
    return redirect(preferences.stop_all_path(patient))

"""Who works when: time off and blocks, and each provider's weekly hours."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import access, services
from ..models import Provider
from .access import staff_view
from .forms import DayQueryForm, TimeOffForm, WorkingHoursFormSet


def _day_url(day) -> str:
    return reverse("staff:day") + f"?date={day:%Y-%m-%d}"


def _time_off_page(request: HttpRequest, *, initial: dict, save, done: str, time_off=None):
    """The add and the edit page: one form, saved by `save(**times)`."""
    form = TimeOffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save(
                actor=request.user,
                provider=data["provider"],
                start=data["start_at"],
                end=data["end_at"],
                reason=data["reason"],
            )
        except services.BookingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Time off {done} for {data['provider']}.")
            return redirect(_day_url(data["date"]))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "staff/time_off_form.html", {"form": form, "time_off": time_off}, status=status
    )


@staff_view("manage_time_off")
def time_off_new(request: HttpRequest) -> HttpResponse:
    day = DayQueryForm(request.GET).day()
    return _time_off_page(
        request, initial={"date": day} if day else {}, save=services.time_off_create, done="added"
    )


@staff_view("manage_time_off")
def time_off_edit(request: HttpRequest, time_off_id: int) -> HttpResponse:
    time_off = access.time_off_for(request.user, time_off_id)
    return _time_off_page(
        request,
        initial=TimeOffForm.initial_from(time_off),
        save=partial(services.time_off_update, time_off=time_off),
        done="changed",
        time_off=time_off,
    )


@staff_view("manage_time_off")
@require_POST
def time_off_delete(request: HttpRequest, time_off_id: int) -> HttpResponse:
    time_off = access.time_off_for(request.user, time_off_id)
    day = TimeOffForm.initial_from(time_off)["date"]
    services.time_off_delete(actor=request.user, time_off=time_off)
    messages.success(request, f"Time off removed for {time_off.provider}.")
    return redirect(_day_url(day))


@staff_view("edit_working_hours")
def working_hours(request: HttpRequest, provider_id) -> HttpResponse:
    provider = get_object_or_404(Provider, public_id=provider_id)
    initial = [
        {"weekday": h.weekday, "start": h.start, "end": h.end}
        for h in provider.working_hours.order_by("weekday", "start")
    ]
    # A POST is the whole week as the manager wants it; with `initial` beside it, a row left
    # as it was would count as unchanged and be dropped.
    if request.method == "POST":
        formset = WorkingHoursFormSet(request.POST, prefix="hours")
    else:
        formset = WorkingHoursFormSet(initial=initial, prefix="hours")
    outside: list = []
    if request.method == "POST" and formset.is_valid():
        ranges = [
            (form.cleaned_data["weekday"], form.cleaned_data["start"], form.cleaned_data["end"])
            for form in formset
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("weekday") is not None
        ]
        try:
            outside = services.working_hours_replace(
                actor=request.user, provider=provider, ranges=ranges
            )
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            if not outside:
                messages.success(request, f"Working hours saved for {provider}.")
                return redirect("staff:week", provider_id=provider.public_id)
            # Saved, but say plainly which bookings now sit outside the hours.
            return render(
                request,
                "staff/working_hours.html",
                {"provider": provider, "formset": formset, "outside": outside, "saved": True},
            )
    if request.method == "GET":
        outside = services.bookings_outside_hours(
            provider=provider, ranges=[(i["weekday"], i["start"], i["end"]) for i in initial]
        )
    return render(
        request,
        "staff/working_hours.html",
        {"provider": provider, "formset": formset, "outside": outside},
        status=400 if request.method == "POST" else 200,
    )

"""Who works when: time off and blocks, and each provider's weekly hours."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import services
from ..audit import audit_record
from ..models import Provider
from .access import staff_view
from .forms import TimeOffForm, WorkingHoursFormSet


@staff_view("manage_time_off")
def time_off_new(request: HttpRequest) -> HttpResponse:
    initial = {"date": request.GET.get("date")} if request.GET.get("date") else {}
    form = TimeOffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.time_off_create(
                provider=data["provider"], start=data["start_at"], end=data["end_at"],
                reason=data["reason"],
            )  # fmt: skip
        except services.BookingError as error:
            form.add_error(None, str(error))
        else:
            audit_record(request=request, action="create", what="time off",
                         detail={"provider": str(data["provider"])})  # fmt: skip
            messages.success(request, f"Time off added for {data['provider']}.")
            return redirect(reverse("staff:day") + f"?date={data['date']:%Y-%m-%d}")
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/time_off_new.html", {"form": form}, status=status)


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
    if request.method == "POST" and formset.is_valid():
        ranges = [
            (form.cleaned_data["weekday"], form.cleaned_data["start"], form.cleaned_data["end"])
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.working_hours_replace(provider=provider, ranges=ranges)
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            audit_record(request=request, action="change", what="working hours",
                         detail={"provider": str(provider)})  # fmt: skip
            messages.success(request, f"Working hours saved for {provider}.")
            return redirect("staff:week", provider_id=provider.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "staff/working_hours.html", {"provider": provider, "formset": formset},
        status=status,
    )  # fmt: skip

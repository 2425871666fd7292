"""The chart page of a treatment session, and its addenda. Who may do what is
charting/access.py's; the services refuse, these views only hide and parse."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bookings import access as booking_access
from bookings.audit import audit_view
from bookings.staff.access import staff_view

from . import access, selectors, services
from .forms import AddendumForm, ChartForm
from .models import Area, Device


def _booking_for(request: HttpRequest, booking_id):
    booking = booking_access.booking_for(request.user, booking_id, what="chart")
    access.require(
        access.may_read_chart(request.user, booking),
        actor=request.user,
        what="chart",
        booking=booking,
    )
    return booking


def _device_pick(request: HttpRequest, booking, chart, last) -> Device | None:
    """The device the form is for: the one just chosen, else the draft's, else last time's,
    else the one linked to the booking's treatment, else the first active one."""
    devices, linked = selectors.devices_for(booking)
    asked = request.POST.get("device") or request.GET.get("device")
    if asked and asked.isdigit():
        found = devices.filter(pk=int(asked)).first()
        if found:
            return found
    for candidate in (chart and chart.device, last and last.device, linked):
        if candidate is not None and candidate.is_active:
            return candidate
    return devices.first()


@staff_view("view_clinical_notes")
def chart(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking_for(request, booking_id)
    flags = access.chart_flags(request.user, booking)
    chart = selectors.chart_of(booking)
    last = selectors.chart_previous(booking)
    last_values = selectors.chart_values(last)
    editing = flags["may_write"] and (chart is None or not chart.is_signed_off)
    form = device = None
    if editing:
        device = _device_pick(request, booking, chart, last)
    if editing and device is not None:
        own = chart if chart is not None and chart.device_id == device.pk else None
        initial = {"device": device.pk}
        if own is not None:
            initial.update(ChartForm.initial_from(own, selectors.chart_values(own), whole=True))
        elif chart is None and last is not None and last.device_id == device.pk:
            initial.update(ChartForm.initial_from(last, last_values, whole=False))
        form = ChartForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            device=device,
            areas=list(Area.objects.filter(is_active=True)),
            last=last,
            last_values=last_values,
        )
        if request.method == "POST" and form.is_valid():
            sign_off = "sign_off" in request.POST
            try:
                services.chart_save(
                    booking=booking,
                    actor=request.user,
                    details=form.details(),
                    sign_off=sign_off,
                )
            except services.ChartError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Chart signed off." if sign_off else "Draft saved.")
                return redirect("charting:chart", booking_id=booking.public_id)
    audit_view(
        request,
        what="chart",
        booking=booking,
        detail={"last_time": last.booking.public_id.hex if last else None},
    )
    devices, _ = selectors.devices_for(booking)
    return render(
        request,
        "charting/chart.html",
        {
            "booking": booking,
            "chart": chart,
            "last": last,
            "form": form,
            "device": device,
            "devices": devices,
            "addendum_form": AddendumForm(),
            **flags,
        },
        status=400 if form is not None and form.errors else 200,
    )


@staff_view("view_clinical_notes")
@require_POST
def addendum_add(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking_for(request, booking_id)
    form = AddendumForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the addendum first (at most 4000 characters).")
    else:
        try:
            services.addendum_add(
                booking=booking, actor=request.user, text=form.cleaned_data["text"]
            )
        except services.ChartError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Addendum added.")
    return redirect("charting:chart", booking_id=booking.public_id)

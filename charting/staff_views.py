"""The chart page of a treatment session, and its addenda. Who may do what is
charting/access.py's; the services refuse, these views only hide and parse."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bookings.audit import audit_view
from bookings.models import Booking
from bookings.staff.access import staff_view

from . import access, selectors, services
from .forms import AddendumForm, ChartForm
from .models import Area, Device


def _booking_for(request: HttpRequest, booking_id) -> Booking:
    """The session whose chart is asked for: 404 if there is none, 403 (recorded) unless the
    user reads this patient's charts. Not bookings' booking_for, which asks whether the user
    sees the booking: a provider reads the charts of their own patients whichever colleague
    saw them."""
    booking = (
        Booking.objects.select_related(
            "patient", "provider", "appointment_type", "treatment", "resource"
        )
        .filter(public_id=booking_id)
        .first()
    )
    if booking is None:
        raise Http404("No such booking.")
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
    asked = request.POST.get("device") or request.GET.get("device") or ""
    try:
        # int(), not str.isdigit(): "²" is a digit to isdigit() and no number to int().
        pk = int(asked)
    except ValueError:
        pk = None
    # A number beyond the column's range finds nothing rather than asking the database.
    if pk is not None and 0 < pk < 2**63:
        found = devices.filter(pk=pk).first()
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
    # Last time's chart is read under the same rule as this one (the same patient's).
    last = selectors.chart_previous(booking) if flags["may_read"] else None
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
            last_texts=selectors.chart_value_texts(last),
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

"""The chart page of a treatment session, and its addenda. Who may do what is
charting/access.py's; the services refuse, these views only hide and parse."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bookings.access import booking_for
from bookings.audit import audit_view
from bookings.models import Booking
from bookings.staff.access import staff_view

from . import access, selectors, services
from .forms import AddendumForm, ChartForm


def _booking_for(request: HttpRequest, booking_id) -> Booking:
    """The session whose chart is asked for: 404 if there is none, 403 (recorded) unless the
    user reads this patient's charts. Asked by may_read_chart, not by whether the user sees
    the booking: a provider reads the charts of their own patients whichever colleague saw
    them."""
    return booking_for(request.user, booking_id, what="chart", may_see=access.may_read_chart)


def _device_asked(request: HttpRequest) -> int | None:
    """The device chosen on the page (the form's own, or the device menu's reload): a key
    the database can hold, or None."""
    asked = request.POST.get("device") or request.GET.get("device") or ""
    try:
        # int(), not str.isdigit(): "²" is a digit to isdigit() and no number to int().
        pk = int(asked)
    except ValueError:
        return None
    # A number beyond the column's range finds nothing rather than asking the database.
    return pk if 0 < pk < 2**63 else None


@staff_view("view_clinical_notes")
def chart(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking_for(request, booking_id)
    page = selectors.chart_page(
        booking=booking, user=request.user, device_asked=_device_asked(request)
    )
    form = ChartForm.for_page(request.POST if request.method == "POST" else None, page=page)
    if form is not None and request.method == "POST" and form.is_valid():
        sign_off = "sign_off" in request.POST
        try:
            services.chart_save(
                booking=booking, actor=request.user, details=form.details(), sign_off=sign_off
            )
        except services.ChartError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Chart signed off." if sign_off else "Draft saved.")
            return redirect("charting:chart", booking_id=booking.public_id)
    last = page.last
    audit_view(
        request,
        what="chart",
        booking=booking,
        detail={"last_time": last.booking.public_id.hex if last else None},
    )
    return render(
        request,
        "charting/chart.html",
        {
            "booking": booking,
            "chart": page.chart,
            "last": last,
            "form": form,
            "device": page.device,
            "devices": page.devices,
            "addendum_form": AddendumForm(),
            **page.flags,
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

"""Charting on the staff pages (registered with bookings' panel registry): the chart's status
and link on a treatment booking's page, a patient's series side by side on their page, and
the treated areas the completion form starts with."""

from django.http import HttpRequest

from bookings.audit import audit_view
from bookings.models import Booking, Patient
from bookings.staff import panels

from . import access, selectors
from .models import Chart, ChartArea


def booking_panel(request: HttpRequest, booking: Booking) -> panels.Panel | None:
    user = request.user
    if not access.may_see_chart_status(user, booking):
        return None
    return panels.Panel(
        "charting/staff/booking_panel.html",
        {
            "booking": booking,
            # Only whether it exists and who signed it off: the desk sees this much too.
            "chart": selectors.chart_status_of(booking),
            **access.chart_flags(user, booking),
        },
    )


def patient_panel(request: HttpRequest, patient: Patient) -> panels.Panel | None:
    user = request.user
    if access.may_read_charts(user, patient):
        # Every chart of the patient is theirs to read (one rule, the patient's); a colleague's
        # draft shows only as in progress.
        readable = access.drafts_readable(user, patient)
        series = selectors.series_side_by_side(
            patient, draft_shown=lambda chart: readable(chart.booking)
        )
        if series:
            audit_view(
                request,
                what="charts side by side",
                patient=patient,
                detail={"charts": sum(len(one.charts) for one in series)},
            )
        return panels.Panel("charting/staff/patient_panel.html", {"series": series})
    # The desk: that records exist, when and by whom they were signed off; nothing of what
    # they say.
    statuses = (
        Chart.objects.filter(booking__patient=patient)
        .select_related("booking__treatment", "signed_off_by")
        .only(
            "signed_off_at",
            "booking__start",
            "booking__treatment__name",
            "signed_off_by__username",
            "signed_off_by__first_name",
            "signed_off_by__last_name",
        )
        .order_by("-booking__start")
    )
    return panels.Panel("charting/staff/patient_status_panel.html", {"charts": statuses})


def completion_initial(booking: Booking) -> dict:
    """The completion form's treated areas, from the session's chart ("Full face, Neck")."""
    names = ChartArea.objects.filter(chart__booking=booking).values_list("area_name", flat=True)
    names = list(names.order_by("area__position", "area_name"))
    return {"treated_areas": ", ".join(names)} if names else {}


panels.register(booking=booking_panel, patient=patient_panel, complete_initial=completion_initial)

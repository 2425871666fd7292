"""The manager's dashboard, CSV exports and the audit log."""

import csv
from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..audit import audit_record
from ..models import AuditEntry
from ..parsing import date_parse, uuid_parse
from ..selectors import clinic_zone
from ..selectors.reports import bookings_between, dashboard_figures
from .access import staff_view
from .forms import DateRangeForm
from .panels import dashboard_panels

CSV_COLUMNS = ["date", "start", "end", "provider", "patient", "email", "phone", "appointment",
               "treatment", "status", "source"]  # fmt: skip


@staff_view("view_reports")
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "staff/dashboard.html",
        {
            "figures": dashboard_figures(),
            "range_form": DateRangeForm(initial={"start": today.replace(day=1), "end": today}),
            "today": today,
            "extra_panels": dashboard_panels(request),
        },
    )


def _csv(request: HttpRequest, start: date, end: date, filename: str) -> HttpResponse:
    zone = clinic_zone()
    bookings = (
        bookings_between(start, end)
        .select_related("provider", "patient", "appointment_type", "treatment")
        .order_by("start", "provider__position")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for b in bookings:
        local_start, local_end = b.start.astimezone(zone), b.end.astimezone(zone)
        writer.writerow(
            [local_start.date().isoformat(), f"{local_start:%H:%M}", f"{local_end:%H:%M}",
             b.provider.display_name, b.patient.full_name, b.patient.email, b.patient.phone,
             b.appointment_type.name, b.treatment.name, b.get_status_display(),
             b.get_source_display()]
        )  # fmt: skip
    audit_record(request=request, action="export", what="bookings CSV",
                 detail={"from": start.isoformat(), "to": end.isoformat()})  # fmt: skip
    return response


@staff_view("view_reports")
def export_day(request: HttpRequest) -> HttpResponse:
    day = date_parse(request.GET.get("date")) or timezone.localdate()
    return _csv(request, day, day, f"schedule-{day:%Y-%m-%d}.csv")


@staff_view("view_reports")
def export_range(request: HttpRequest) -> HttpResponse:
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        today = timezone.localdate()
        return render(
            request, "staff/dashboard.html",
            {"figures": dashboard_figures(), "range_form": form, "today": today}, status=400,
        )  # fmt: skip
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return _csv(request, start, end, f"bookings-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv")


@staff_view("view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor", "patient", "booking")
    if request.GET.get("patient"):
        entries = entries.filter(patient__public_id=uuid_parse(request.GET["patient"]))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "staff/audit.html", {"page": page})

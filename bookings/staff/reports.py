"""The manager's dashboard, CSV exports and the audit log."""

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..audit import audit_record
from ..models import AuditEntry, Patient
from ..selectors.reports import (
    EXPORT_HEADER,
    AuditCursor,
    audit_page,
    dashboard_figures,
    export_rows,
)
from .access import staff_view
from .forms import ClinicDateField, DateRangeForm
from .panels import dashboard_panels

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The audit log goes back to the clinic's first day; a jump before this is a typo.
_AUDIT_FIRST_YEAR = 2000


class DayExportForm(forms.Form):
    date = ClinicDateField(label="Day", required=False)


def audit_cursor_format(cursor: AuditCursor) -> str:
    """(at, id) as URL-safe digits: microseconds since 1970, a dot, the id."""
    at, pk = cursor
    return f"{(at - _EPOCH) // timedelta(microseconds=1)}.{pk}"


def audit_cursor_parse(value: str) -> AuditCursor:
    micros, dot, pk = value.partition(".")
    if not (dot and micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        raise forms.ValidationError("This page link is damaged: start again from the newest.")
    try:
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError as exc:
        raise forms.ValidationError(
            "This page link is damaged: start again from the newest."
        ) from exc


class AuditFilterForm(forms.Form):
    """What the audit log shows. A value that is not what it claims (a malformed patient id,
    an unknown action or person) is an error, never "no filter"."""

    actor = forms.ModelChoiceField(
        get_user_model().objects.order_by("username"),
        required=False,
        label="Staff member",
        empty_label="Anyone",
        to_field_name="username",
    )
    action = forms.ChoiceField(
        choices=[("", "Anything"), *AuditEntry.Action.choices], required=False, label="Did"
    )
    patient = forms.UUIDField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(
        required=False, label="On or before", widget=forms.DateInput(attrs={"type": "date"})
    )
    older = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    newer = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean_patient(self) -> Patient | None:
        public_id = self.cleaned_data["patient"]
        if public_id is None:
            return None
        patient = Patient.objects.filter(public_id=public_id).first()
        if patient is None:
            raise forms.ValidationError("No patient has this id.")
        return patient

    def clean_day(self) -> date | None:
        day = self.cleaned_data["day"]
        if day is not None and not (date(_AUDIT_FIRST_YEAR, 1, 1) <= day <= timezone.localdate()):
            raise forms.ValidationError("Choose a day between the clinic's first and today.")
        return day

    def clean_older(self) -> AuditCursor | None:
        value = self.cleaned_data["older"]
        return audit_cursor_parse(value) if value else None

    def clean_newer(self) -> AuditCursor | None:
        value = self.cleaned_data["newer"]
        return audit_cursor_parse(value) if value else None


def dashboard_context(
    request: HttpRequest,
    *,
    range_form: DateRangeForm | None = None,
    day_form: DayExportForm | None = None,
) -> dict:
    """Everything the dashboard shows, panels included: the page itself and a refused export
    render the same page."""
    today = timezone.localdate()
    if range_form is None:
        range_form = DateRangeForm(initial={"start": today.replace(day=1), "end": today})
    return {
        "figures": dashboard_figures(),
        "range_form": range_form,
        "day_form": day_form,
        "today": today,
        "extra_panels": dashboard_panels(request),
    }


@staff_view("view_reports")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/dashboard.html", dashboard_context(request))


class _Line:
    """csv.writer writes into this and gets the line back, so each row streams on its own."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(start: date, end: date) -> Iterator[str]:
    writer = csv.writer(_Line())
    # The byte order mark tells Excel the file is UTF-8: "Zoë Ångström-Núñez", not "ZoÃ«".
    yield "\ufeff" + writer.writerow(EXPORT_HEADER)
    for row in export_rows(start_day=start, end_day=end):
        yield writer.writerow(row)


def _csv(request: HttpRequest, start: date, end: date, filename: str) -> StreamingHttpResponse:
    # On record before the first byte leaves: a download cut short was still an export.
    audit_record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what="bookings CSV",
        detail={"from": start.isoformat(), "to": end.isoformat()},
    )
    response = StreamingHttpResponse(_csv_lines(start, end), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_refused(request: HttpRequest, **forms_given: forms.Form) -> HttpResponse:
    context = dashboard_context(request, **forms_given)
    return render(request, "staff/dashboard.html", context, status=400)


@staff_view("view_reports")
def export_day(request: HttpRequest) -> HttpResponse:
    form = DayExportForm(request.GET)
    if not form.is_valid():
        return _export_refused(request, day_form=form)
    day = form.cleaned_data["date"] or timezone.localdate()
    return _csv(request, day, day, f"schedule-{day:%Y-%m-%d}.csv")


@staff_view("view_reports")
def export_range(request: HttpRequest) -> HttpResponse:
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        return _export_refused(request, range_form=form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return _csv(request, start, end, f"bookings-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv")


def _audit_link(filters: dict[str, str], direction: str, cursor: AuditCursor | None) -> str:
    if cursor is None:
        return ""
    return "?" + urlencode({**filters, direction: audit_cursor_format(cursor)})


@staff_view("view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        # A filter that cannot be read shows nothing, never the unfiltered log.
        return render(request, "staff/audit.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data
    page = audit_page(
        actor_id=data["actor"].pk if data["actor"] else None,
        patient=data["patient"],
        action=data["action"] or None,
        on_or_before=data["day"] if not (data["older"] or data["newer"]) else None,
        older_than=data["older"],
        newer_than=data["newer"],
    )
    # Page links keep the filters; the cursor replaces the date jump.
    filters = {
        key: value
        for key, value in {
            "actor": data["actor"].username if data["actor"] else "",
            "action": data["action"],
            "patient": str(data["patient"].public_id) if data["patient"] else "",
        }.items()
        if value
    }
    return render(
        request,
        "staff/audit.html",
        {
            "form": form,
            "page": page,
            "patient": data["patient"],
            "older_link": _audit_link(filters, "older", page.older),
            "newer_link": _audit_link(filters, "newer", page.newer),
            "newest_link": "?" + urlencode(filters),
            "every_patient_link": "?"
            + urlencode({k: v for k, v in filters.items() if k != "patient"}),
        },
    )

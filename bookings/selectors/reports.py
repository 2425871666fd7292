"""Figures for the manager's dashboard, the CSV exports and the audit log's pages.

Everything here is bounded by what one page shows, so it costs the same in the clinic's fifth
year as in its first month: the export streams a fixed set of columns, and the audit log pages
by keyset ("older than this entry") instead of counting and skipping millions of rows.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..models import AuditEntry, Booking, Patient
from ..phones import phone_display
from .availability import clinic_zone, local_day_bounds

# The exported columns, in the order of the file's header.
EXPORT_HEADER = [
    "date",
    "start",
    "end",
    "provider",
    "patient",
    "email",
    "phone",
    "appointment",
    "treatment",
    "status",
    "source",
]
_EXPORT_FIELDS = (
    "start",
    "end",
    "provider__display_name",
    "patient__first_name",
    "patient__last_name",
    "patient__email",
    "patient__phone",
    "appointment_type__name",
    "treatment__name",
    "status",
    "source",
)
EXPORT_CHUNK_ROWS = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Dashboard:
    today: int
    this_week: int
    no_show_rate: float | None  # over the last 30 days: no-shows / (completed + no-shows)
    weeks: list[date]
    per_treatment: list[tuple[str, list[int]]]  # (treatment, live bookings per week)
    peak: int


def bookings_between(start_day: date, end_day: date) -> QuerySet[Booking]:
    start, _ = local_day_bounds(start_day)
    _, end = local_day_bounds(end_day)
    return Booking.objects.filter(start__gte=start, start__lt=end)


def dashboard_figures(*, weeks: int = 8) -> Dashboard:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    live = Q(status__in=Booking.LIVE_STATUSES)
    today_count = bookings_between(today, today).filter(live).count()
    week_count = bookings_between(monday, monday + timedelta(days=6)).filter(live).count()
    outcome = bookings_between(today - timedelta(days=30), today).aggregate(
        done=Count("pk", filter=Q(status=Booking.Status.COMPLETED)),
        missed=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
    )
    attended = outcome["done"] + outcome["missed"]
    rate = outcome["missed"] / attended if attended else None

    first = monday - timedelta(weeks=weeks - 1)
    week_starts = [first + timedelta(weeks=i) for i in range(weeks)]
    rows = (
        bookings_between(first, monday + timedelta(days=6))
        .filter(live)
        .annotate(week=TruncWeek("start", tzinfo=clinic_zone()))
        .values("treatment__name", "week")
        .annotate(n=Count("pk"))
    )
    table: dict[str, dict[date, int]] = {}
    for row in rows:
        table.setdefault(row["treatment__name"], {})[row["week"].date()] = row["n"]
    per_treatment = [
        (name, [counts.get(week, 0) for week in week_starts])
        for name, counts in sorted(table.items())
    ]
    peak = max([1, *(n for _, counts in per_treatment for n in counts)])
    return Dashboard(today_count, week_count, rate, week_starts, per_treatment, peak)


def csv_cell_neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula is shown as text: a leading apostrophe.
    A patient's name typed into the public booking form must never become `=HYPERLINK(...)`."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def export_rows(*, start_day: date, end_day: date) -> Iterator[list[str]]:
    """The bookings from `start_day` to `end_day` (clinic days), one list of cells each.

    Reads only the exported columns, a chunk at a time (a server-side cursor on PostgreSQL),
    so a year's export holds a few thousand rows in memory at most, never every booking with
    its treatment's page text."""
    zone = clinic_zone()
    statuses = dict(Booking.Status.choices)
    sources = dict(Booking.Source.choices)
    rows = (
        bookings_between(start_day, end_day)
        .order_by("start", "provider__position", "pk")
        .values_list(*_EXPORT_FIELDS)
    )
    for (
        start,
        end,
        provider,
        first,
        last,
        email,
        phone,
        kind,
        treatment,
        status,
        source,
    ) in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS):
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        cells = [
            local_start.date().isoformat(),
            f"{local_start:%H:%M}",
            f"{local_end:%H:%M}",
            provider,
            f"{first} {last}".strip(),
            email,
            # As people write it: "(312) 555-0111" starts no formula, where the "+1312..." kept
            # would have taken an apostrophe in every row (a foreign "+44 ..." still does).
            phone_display(phone) if phone else "",
            kind,
            treatment,
            statuses.get(status, status),
            sources.get(source, source),
        ]
        yield [csv_cell_neutralise(cell) for cell in cells]


# --- The audit log ----------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50
AuditCursor = tuple[datetime, int]  # (at, id) of an entry: pages start just past it


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    details: list[tuple[str, str]]  # `detail` as readable (label, value) pairs


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older: AuditCursor | None  # where the next, older page starts; None on the last page
    newer: AuditCursor | None  # where the previous, newer page ends; None on the newest


def _detail_value(value) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_details(detail) -> list[tuple[str, str]]:
    """`{"from": "confirmed", "to_status": "cancelled"}` as [("from", "confirmed"),
    ("to status", "cancelled")]: what a manager reads, instead of raw JSON."""
    if not detail:
        return []
    if not isinstance(detail, dict):
        return [("detail", _detail_value(detail))]
    return [(str(key).replace("_", " "), _detail_value(value)) for key, value in detail.items()]


def audit_page(
    *,
    actor_id: int | None = None,
    patient: Patient | None = None,
    action: str | None = None,
    on_or_before: date | None = None,
    older_than: AuditCursor | None = None,
    newer_than: AuditCursor | None = None,
    size: int = AUDIT_PAGE_SIZE,
) -> AuditPage:
    """One page of the audit log, newest first. Pages are keyset pages: "older than (at, id)"
    reads the next `size` entries straight from an (at, id) index, so the 40,000th page costs
    what the first does, and nothing counts the whole log."""
    entries = AuditEntry.objects.all()
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if patient is not None:
        # With the records merged into this one: their history is this patient's too.
        merged = list(patient.merged_records.values_list("pk", flat=True))
        entries = entries.filter(patient__in=[patient.pk, *merged])
    if action:
        entries = entries.filter(action=action)
    if on_or_before is not None:
        entries = entries.filter(at__lt=local_day_bounds(on_or_before)[1])
    going_back = newer_than is not None and older_than is None
    if older_than is not None:
        at, pk = older_than
        # `at <= cursor` bounds the index scan; the OR breaks ties between equal moments.
        entries = entries.filter(Q(at__lte=at) & (Q(at__lt=at) | Q(id__lt=pk)))
        entries = entries.order_by("-at", "-id")
    elif newer_than is not None:
        at, pk = newer_than
        entries = entries.filter(Q(at__gte=at) & (Q(at__gt=at) | Q(id__gt=pk)))
        entries = entries.order_by("at", "id")
    else:
        entries = entries.order_by("-at", "-id")
    found = list(entries.select_related("actor", "patient", "booking")[: size + 1])
    more = len(found) > size
    found = found[:size]
    if going_back:
        found.reverse()
    rows = [AuditRow(entry, audit_details(entry.detail)) for entry in found]
    if not found:
        return AuditPage(rows, None, None)
    first, last = (found[0].at, found[0].pk), (found[-1].at, found[-1].pk)
    if going_back:
        return AuditPage(rows, older=last, newer=first if more else None)
    started_mid_log = older_than is not None or on_or_before is not None
    return AuditPage(rows, older=last if more else None, newer=first if started_mid_log else None)

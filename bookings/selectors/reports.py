"""Figures for the manager's dashboard and the CSV exports."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..models import Booking
from .availability import clinic_zone, local_day_bounds


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

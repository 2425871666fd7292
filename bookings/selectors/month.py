"""The month at a glance: how many bookings each day holds, which days the clinic is closed
and which have nobody working, for the providers the user may see.

Three queries whatever the size of the month or the clinic: the bookings counted per local
day and status in one grouped query, the weekdays anyone works, and the clinic's closures.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from ..models import Booking, Provider, WorkingHours
from .availability import clinic_zone, closure_spans, local_day_bounds
from .schedule import closure_labels

_LIVE = {str(status) for status in Booking.LIVE_STATUSES}


@dataclass(frozen=True)
class MonthDay:
    day: date
    by_status: dict[str, int] = field(default_factory=dict)
    closure: str = ""
    closed: bool = False  # from midnight, not only an early closing
    staffed: bool = True  # someone has working hours on this weekday

    @property
    def booked(self) -> int:
        """Bookings that hold their time: requested, confirmed, checked in, completed."""
        return sum(n for status, n in self.by_status.items() if status in _LIVE)

    @property
    def cancelled(self) -> int:
        return self.by_status.get(Booking.Status.CANCELLED, 0)

    @property
    def no_show(self) -> int:
        return self.by_status.get(Booking.Status.NO_SHOW, 0)


@dataclass(frozen=True)
class MonthOverview:
    month: date  # its first day
    # Monday-to-Sunday rows; None for the days of the neighbouring months.
    weeks: list[list[MonthDay | None]]

    weekday_names = tuple(calendar.day_abbr)  # Mon to Sun, the columns' heads

    @property
    def previous(self) -> date:
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def following(self) -> date:
        return (self.month + timedelta(days=31)).replace(day=1)

    @property
    def days(self) -> list[MonthDay]:
        return [day for week in self.weeks for day in week if day is not None]


def _counts(*, start, end, providers: QuerySet[Provider]) -> dict[date, dict[str, int]]:
    rows = (
        Booking.objects.filter(provider__in=providers.values("pk"), start__gte=start, start__lt=end)
        .annotate(local_day=TruncDate("start", tzinfo=clinic_zone()))
        .values("local_day", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["local_day"]][row["status"]] = row["n"]
    return counts


def month_overview(*, month: date, providers: QuerySet[Provider]) -> MonthOverview:
    """Every day of the month of `month`, with its bookings counted by status."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start, _ = local_day_bounds(first)
    _, end = local_day_bounds(last)
    counts = _counts(start=start, end=end, providers=providers)
    working_weekdays = set(
        WorkingHours.objects.filter(provider__in=providers.values("pk"))
        .values_list("weekday", flat=True)
        .distinct()
    )
    days = [first + timedelta(days=n) for n in range(last.day)]
    labels, closed = closure_labels(closure_spans(start=start, end=end), days)
    weeks: list[list[MonthDay | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                MonthDay(
                    day=day,
                    by_status=counts.get(day, {}),
                    closure=labels.get(day, ""),
                    closed=day in closed,
                    staffed=day.weekday() in working_weekdays,
                )
                if day.month == first.month
                else None
                for day in week
            ]
        )
    return MonthOverview(month=first, weeks=weeks)

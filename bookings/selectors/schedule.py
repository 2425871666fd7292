"""The front desk's day and week: bookings, working hours and time off laid on a time grid.

A fixed number of queries whatever the number of providers or bookings: providers, their
working hours, time off, bookings (with patient and type joined in).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..models import Booking, Provider, TimeOff, WorkingHours
from .availability import clinic_zone, local_day_bounds

ROW_MINUTES = 5  # one grid row; bookings start on 5-minute marks at the finest
DEFAULT_OPEN, DEFAULT_CLOSE = time(8), time(19)


@dataclass
class Block:
    """Something on the grid: a booking, time off, or a stretch of working hours."""

    start: datetime
    end: datetime
    row_start: int
    row_end: int
    booking: Booking | None = None
    label: str = ""


@dataclass
class ProviderDay:
    provider: Provider
    day: date
    working: list[Block] = field(default_factory=list)
    time_off: list[Block] = field(default_factory=list)
    bookings: list[Block] = field(default_factory=list)
    cancelled: list[Booking] = field(default_factory=list)
    free_starts: list[Block] = field(default_factory=list)


@dataclass
class DaySchedule:
    day: date
    opens: time
    closes: time
    columns: list[ProviderDay]
    row_count: int
    hour_rows: list[tuple[int, time]]
    now_row: int | None


def _grid(day: date, opens: time, closes: time):
    zone = clinic_zone()
    origin = datetime.combine(day, opens, tzinfo=zone)
    last = datetime.combine(day, closes, tzinfo=zone)

    def row(moment: datetime) -> int:
        # Wall-clock minutes since opening, so a DST day's grid still reads 9:00 at 9:00.
        local = moment.astimezone(zone)
        minutes = (local.replace(tzinfo=None) - origin.replace(tzinfo=None)).total_seconds() / 60
        total = (last.replace(tzinfo=None) - origin.replace(tzinfo=None)).total_seconds() / 60
        return int(max(0, min(minutes, total)) // ROW_MINUTES) + 1

    return row, origin, last


def _providers(providers: QuerySet[Provider]) -> list[Provider]:
    hours = Prefetch("working_hours", queryset=WorkingHours.objects.order_by("weekday", "start"))
    return list(providers.filter(is_active=True).prefetch_related(hours))


def _fill(columns: dict[int, ProviderDay], start: datetime, end: datetime, row_for) -> None:
    ids = [column.provider.pk for column in columns.values()]
    for off in TimeOff.objects.filter(provider_id__in=ids, start__lt=end, end__gt=start):
        for key, column in columns.items():
            if key[0] != off.provider_id:
                continue
            day_start, day_end = local_day_bounds(column.day)
            if off.start < day_end and off.end > day_start:
                row = row_for[key[1]]
                column.time_off.append(
                    Block(off.start, off.end, row(off.start), row(off.end), label=off.reason)
                )
    bookings = (
        Booking.objects.filter(provider_id__in=ids, start__lt=end, end__gt=start)
        .select_related("patient", "appointment_type")
        .only(
            "public_id",
            "provider_id",
            "start",
            "end",
            "status",
            "patient__first_name",
            "patient__last_name",
            "appointment_type__name",
        )
        .order_by("start")
    )
    zone = clinic_zone()
    for booking in bookings:
        day = booking.start.astimezone(zone).date()
        column = columns.get((booking.provider_id, day))
        if column is None:
            continue
        if booking.status == Booking.Status.CANCELLED:
            column.cancelled.append(booking)
            continue
        row = row_for[day]
        column.bookings.append(
            Block(booking.start, booking.end, row(booking.start), max(row(booking.end),
                  row(booking.start) + 1), booking=booking)
        )  # fmt: skip


def _working_blocks(column: ProviderDay, row) -> None:
    zone = clinic_zone()
    for hours in column.provider.working_hours.all():
        if hours.weekday != column.day.weekday():
            continue
        begin = datetime.combine(column.day, hours.start, tzinfo=zone)
        finish = datetime.combine(column.day, hours.end, tzinfo=zone)
        column.working.append(Block(begin, finish, row(begin), row(finish)))
        # 30-minute cells the front desk can click to book into, where nothing is booked.
        cell = begin
        while cell + timedelta(minutes=30) <= finish:
            cell_end = cell + timedelta(minutes=30)
            taken = any(b.start < cell_end and b.end > cell for b in column.bookings) or any(
                t.start < cell_end and t.end > cell for t in column.time_off
            )
            if not taken and cell > timezone.now():
                column.free_starts.append(Block(cell, cell_end, row(cell), row(cell_end)))
            cell = cell_end


def _bounds(providers: list[Provider], weekdays: set[int]) -> tuple[time, time]:
    ranges = [
        (h.start, h.end) for p in providers for h in p.working_hours.all() if h.weekday in weekdays
    ]
    opens = min([DEFAULT_OPEN, *(r[0] for r in ranges)])
    closes = max([DEFAULT_CLOSE, *(r[1] for r in ranges)])
    return time(opens.hour), time(min(23, closes.hour + (1 if closes.minute else 0)))


def _hour_rows(day: date, opens: time, closes: time, row) -> list[tuple[int, time]]:
    zone = clinic_zone()
    return [
        (row(datetime.combine(day, time(hour), tzinfo=zone)), time(hour))
        for hour in range(opens.hour, closes.hour + 1)
    ]


def day_schedule(*, day: date, providers: QuerySet[Provider]) -> DaySchedule:
    """One column per active provider for one local day."""
    people = _providers(providers)
    opens, closes = _bounds(people, {day.weekday()})
    row, origin, last = _grid(day, opens, closes)
    columns = {(p.pk, day): ProviderDay(provider=p, day=day) for p in people}
    start, end = local_day_bounds(day)
    _fill(columns, start, end, {day: row})
    for column in columns.values():
        _working_blocks(column, row)
    now = timezone.now()
    return DaySchedule(
        day=day, opens=opens, closes=closes, columns=list(columns.values()),
        row_count=row(last), hour_rows=_hour_rows(day, opens, closes, row),
        now_row=row(now) if origin <= now < last else None,
    )  # fmt: skip


def week_schedule(*, week_start: date, provider: Provider) -> DaySchedule:
    """One column per day (Monday to Sunday) for one provider. `day` is the Monday."""
    people = _providers(Provider.objects.filter(pk=provider.pk))
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    opens, closes = _bounds(people, set(range(7)))
    rows = {day: _grid(day, opens, closes)[0] for day in days}
    columns = {(p.pk, day): ProviderDay(provider=p, day=day) for p in people for day in days}
    start, _ = local_day_bounds(days[0])
    _, end = local_day_bounds(days[-1])
    _fill(columns, start, end, rows)
    for (_, day), column in columns.items():
        _working_blocks(column, rows[day])
    row, _origin, last = _grid(days[0], opens, closes)
    today = timezone.localdate()
    now_row = None
    if today in rows:
        now_row_value = rows[today](timezone.now())
        now_row = now_row_value if 1 < now_row_value < row(last) else None
    return DaySchedule(
        day=week_start, opens=opens, closes=closes, columns=list(columns.values()),
        row_count=row(last), hour_rows=_hour_rows(days[0], opens, closes, row), now_row=now_row,
    )  # fmt: skip


def providers_visible_to(user) -> QuerySet[Provider]:
    """Everyone for the front desk and managers; a provider sees their own column."""
    providers = Provider.objects.filter(is_active=True)
    if user.has_perm("bookings.view_all_schedules"):
        return providers
    return providers.filter(user=user)

"""The front desk's day and week: bookings, working hours and time off laid on a time grid.

A fixed number of queries whatever the number of providers or bookings: providers, their
working hours, time off, bookings (with patient, type and device joined in). Which half hours
are free comes from the same busy intervals that online slots and staff booking use, so the
grid never offers a time that booking would refuse.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import Booking, Provider, TimeOff, WorkingHours
from .availability import (
    BusyIntervals,
    bookings_overlapping,
    busy_intervals_from,
    clinic_zone,
    closure_spans,
    local_day_bounds,
)

ROW_MINUTES = 5  # one grid row; bookings start on 5-minute marks at the finest
CELL_MINUTES = 30  # a free cell the front desk clicks to book into
# Bookings are coloured by their appointment type from a fixed palette (.service-0 to
# .service-7 in static/css/staff.css): a type keeps its tint on every day and page.
SERVICE_TINTS = 8
# The grid's hours on a day with no working hours, bookings or time off at all.
EMPTY_DAY_HOURS = (8, 19)
DAY_MINUTES = 24 * 60

RowFor = Callable[[datetime], int]


@dataclass
class Block:
    """Something on the grid: a booking, its buffer, time off, a stretch of working hours, a
    free cell or the device in use."""

    start: datetime
    end: datetime
    row_start: int
    row_end: int
    booking: Booking | None = None
    label: str = ""
    time_off_id: int | None = None
    # A cancelled or no-show booking and a live one that took its time, drawn side by side.
    beside: bool = False
    # Started without a check-in: the patient is this many minutes late (None: not late).
    minutes_late: int | None = None
    # The buffer kept free after a booking's end, as a piece of its own (the device lane): the
    # lane's block ends where the appointment does, and the buffer says what it is.
    buffer: "Block | None" = None


def service_tint(appointment_type_id: int) -> int:
    """The palette entry of an appointment type, by its id: stable from day to day, and
    distinct for the first eight types the clinic sets up."""
    return (appointment_type_id - 1) % SERVICE_TINTS


@dataclass(frozen=True)
class Service:
    """An appointment type as the legend shows it: its name and its tint."""

    name: str
    tint: int


def first_visit() -> Exists:
    """Whether a booking is the patient's first visit: no earlier booking of theirs that held
    its time (a cancelled or missed one does not count as having come). For an annotation on
    a Booking queryset, so the grid and the day sheet learn it in their one bookings query."""
    earlier = Booking.objects.filter(
        patient_id=OuterRef("patient_id"),
        start__lt=OuterRef("start"),
        status__in=Booking.LIVE_STATUSES,
    )
    return ~Exists(earlier)


@dataclass
class ProviderDay:
    provider: Provider
    day: date
    working: list[Block] = field(default_factory=list)
    time_off: list[Block] = field(default_factory=list)
    # Bookings that hold the provider's time, and the buffer kept free after each.
    bookings: list[Block] = field(default_factory=list)
    buffers: list[Block] = field(default_factory=list)
    # Cancelled and no-show bookings: they no longer hold the time, but the desk still needs
    # to see (and open) them. busy_intervals holds nothing for them, so `free_starts` offers
    # their time again, and the grid draws them as a strip beside those free cells.
    released: list[Block] = field(default_factory=list)
    free_starts: list[Block] = field(default_factory=list)

    @property
    def is_working(self) -> bool:
        """Working hours that day, after the clinic's closures have cut them."""
        return bool(self.working)

    @property
    def every_booking(self) -> list[Block]:
        """Held and released bookings in the order of the day, for the phone list."""
        return sorted(self.bookings + self.released, key=lambda block: block.start)


@dataclass
class DeviceLane:
    """When a shared device (the HALO laser) is in use that day, whoever booked it."""

    name: str
    in_use: list[Block] = field(default_factory=list)


@dataclass
class DaySchedule:
    day: date
    first_hour: int  # 0-23, local
    last_hour: int  # 1-24, local
    columns: list[ProviderDay]
    row_count: int
    hour_rows: list[tuple[int, time]]
    now_row: int | None
    devices: list[DeviceLane] = field(default_factory=list)
    # The clinic's closures shown on the grid, by local day ("Closed: Thanksgiving").
    closures: dict[date, str] = field(default_factory=dict)
    # The days of `closures` on which the clinic is closed from midnight, not only later.
    closed_days: set[date] = field(default_factory=set)
    # The appointment types on the grid, for the legend of service colours.
    services: list[Service] = field(default_factory=list)

    @property
    def all_bookings(self) -> list[Booking]:
        return [block.booking for column in self.columns for block in column.every_booking]

    @property
    def patient_ids(self) -> list[str]:
        """The patients whose bookings are on the grid, once each, for the audit row."""
        seen = dict.fromkeys(
            str(block.booking.patient.public_id)
            for column in self.columns
            for block in (*column.bookings, *column.released)
            if block.booking is not None
        )
        return list(seen)

    @property
    def nobody_working(self) -> bool:
        """No column has working hours (a day off for everyone, or the clinic closed)."""
        return not any(column.is_working for column in self.columns)


def _minute_of(day: date, moment: datetime) -> int:
    """Wall-clock minutes since the local midnight that starts `day`, clipped to the day, so
    a DST day's grid still reads 9:00 at 9:00."""
    local = moment.astimezone(clinic_zone())
    minutes = (local.date() - day).days * DAY_MINUTES + local.hour * 60 + local.minute
    return max(0, min(minutes, DAY_MINUTES))


def _row_for(day: date, first_hour: int, last_hour: int) -> RowFor:
    def row(moment: datetime) -> int:
        minutes = _minute_of(day, moment) - first_hour * 60
        return max(0, min(minutes, (last_hour - first_hour) * 60)) // ROW_MINUTES + 1

    return row


def _providers(providers: QuerySet[Provider]) -> list[Provider]:
    hours = Prefetch("working_hours", queryset=WorkingHours.objects.order_by("weekday", "start"))
    return list(providers.filter(is_active=True).prefetch_related(hours))


def _time_off(provider_ids: list[int], start: datetime, end: datetime) -> list[TimeOff]:
    return list(
        TimeOff.objects.filter(provider_id__in=provider_ids, start__lt=end, end__gt=start).only(
            "id", "provider_id", "start", "end", "reason"
        )
    )


def _bookings(*, start: datetime, end: datetime, holds: Q) -> list[Booking]:
    """Every booking (any status) that holds time in the window, for the columns and lanes."""
    return list(
        bookings_overlapping(start=start, end=end)
        .filter(holds)
        .select_related("patient", "appointment_type", "resource", "provider")
        .only(
            "id",
            "public_id",
            "provider_id",
            "resource_id",
            "start",
            "end",
            "blocked_until",
            "status",
            "intake_flags",
            "treatment_id",  # which consent a session needs (the grid's tags)
            "patient__public_id",  # for the audit row of the look
            "patient__first_name",
            "patient__last_name",
            "appointment_type__name",
            "appointment_type__kind",
            "resource__name",
            "provider__display_name",
        )
        .annotate(is_first_visit=first_visit())
        .order_by("start")
    )


def _busy(time_off: list[TimeOff], bookings: list[Booking], closures: list) -> BusyIntervals:
    return busy_intervals_from(
        time_off=[(off.provider_id, off.start, off.end) for off in time_off],
        bookings=[
            (b.pk, b.provider_id, b.resource_id, b.status, b.start, b.blocked_until)
            for b in bookings
        ],
        closures=[(begin, until) for begin, until, _ in closures],
    )


def closure_labels(closures: list, days: list[date]) -> tuple[dict[date, str], set[date]]:
    """ "Closed: Thanksgiving", "Closes at 2:00 PM: Christmas Eve", by local day; and the
    days closed from midnight."""
    labels, closed = {}, set()
    for begin, _until, reason in closures:
        local = timezone.localtime(begin)
        if local.date() not in days:
            continue
        if local.hour == 0 and local.minute == 0:
            labels[local.date()] = f"Closed: {reason}"
            closed.add(local.date())
        else:
            labels[local.date()] = f"Closes at {local:%-I:%M %p}: {reason}"
    return labels, closed


def _services(bookings: Iterable[Booking]) -> list[Service]:
    """The appointment types among `bookings`, by name, with their tints."""
    seen = {b.appointment_type_id: b.appointment_type.name for b in bookings}
    return sorted(
        (Service(name, service_tint(type_id)) for type_id, name in seen.items()),
        key=lambda service: service.name,
    )


def _minutes_used(
    *,
    day: date,
    providers: list[Provider],
    time_off: Iterable[TimeOff],
    bookings: Iterable[Booking],
) -> list[int]:
    """Minutes of `day` at which something starts or ends: working hours, bookings (with
    their buffers), and time off that lies within the day (a week's leave does not stretch
    the grid to midnight)."""
    start, end = local_day_bounds(day)
    used: list[int] = []
    for provider in providers:
        for hours in provider.working_hours.all():
            if hours.weekday == day.weekday():
                used += [hours.start.hour * 60 + hours.start.minute]
                used += [hours.end.hour * 60 + hours.end.minute]
    for booking in bookings:
        if booking.start < end and booking.blocked_until > start:
            used += [_minute_of(day, booking.start), _minute_of(day, booking.blocked_until)]
    for off in time_off:
        if start <= off.start and off.end <= end:
            used += [_minute_of(day, off.start), _minute_of(day, off.end)]
    return used


def _hours_spanning(minutes: list[int]) -> tuple[int, int]:
    """Whole hours from the earliest to the latest minute."""
    if not minutes:
        return EMPTY_DAY_HOURS
    first = min(minutes) // 60
    last = min(24, -(-max(minutes) // 60))
    return first, max(last, first + 1)


def _hour_rows(first_hour: int, last_hour: int) -> list[tuple[int, time]]:
    per_hour = 60 // ROW_MINUTES
    return [
        ((hour - first_hour) * per_hour + 1, time(hour % 24))
        for hour in range(first_hour, last_hour + 1)
    ]


def _lay_out(
    columns: dict[tuple[int, date], ProviderDay],
    *,
    time_off: list[TimeOff],
    bookings: list[Booking],
    busy: BusyIntervals,
    rows: dict[date, RowFor],
) -> None:
    zone = clinic_zone()
    for off in time_off:
        for (provider_id, day), column in columns.items():
            day_start, day_end = local_day_bounds(day)
            if provider_id == off.provider_id and off.start < day_end and off.end > day_start:
                row = rows[day]
                column.time_off.append(
                    Block(
                        off.start,
                        off.end,
                        row(off.start),
                        max(row(off.end), row(off.start) + 1),
                        label=off.reason,
                        time_off_id=off.pk,
                    )
                )
    now = timezone.now()
    waiting = (Booking.Status.REQUESTED, Booking.Status.CONFIRMED)
    for booking in bookings:
        day = booking.start.astimezone(zone).date()
        column = columns.get((booking.provider_id, day))
        if column is None:
            continue
        row = rows[day]
        top, bottom = row(booking.start), max(row(booking.end), row(booking.start) + 1)
        block = Block(booking.start, booking.end, top, bottom, booking=booking)
        if booking.status in waiting and booking.start < now < booking.end:
            # Past its start and not checked in: the block says so, not "Confirmed" alone.
            block.minutes_late = int((now - booking.start).total_seconds() // 60)
        if not booking.is_live:
            column.released.append(block)
            continue
        column.bookings.append(block)
        if booking.blocked_until > booking.end and row(booking.blocked_until) > bottom:
            column.buffers.append(
                Block(booking.end, booking.blocked_until, bottom, row(booking.blocked_until))
            )
    for column in columns.values():
        for block in column.released:
            for live in column.bookings:
                if live.start < block.end and live.end > block.start:
                    block.beside = live.beside = True
    for column in columns.values():
        _working_and_free(column, busy=busy, row=rows[column.day], now=now)


def _working_and_free(
    column: ProviderDay, *, busy: BusyIntervals, row: RowFor, now: datetime
) -> None:
    zone = clinic_zone()
    cell_length = timedelta(minutes=CELL_MINUTES)
    for hours in column.provider.working_hours.all():
        if hours.weekday != column.day.weekday():
            continue
        begin = datetime.combine(column.day, hours.start, tzinfo=zone)
        finish = datetime.combine(column.day, hours.end, tzinfo=zone)
        # The clinic's closures cut the working hours: a closed afternoon is not shown as a
        # free one.
        for closed_from, closed_until in zip(*busy.closed, strict=True):
            if closed_from <= begin and closed_until >= finish:
                finish = begin
            elif begin < closed_from < finish:
                finish = closed_from
        if finish <= begin:
            continue
        column.working.append(Block(begin, finish, row(begin), row(finish)))
        # Half hours the front desk can click to book into: only where the provider is free
        # for the whole cell by the same intervals booking checks (bookings with their
        # buffers, time off). What fits in it, and the device, the booking form then checks.
        cell = begin
        while cell + cell_length <= finish:
            cell_end = cell + cell_length
            if cell >= now and busy.provider_is_free(
                provider_id=column.provider.pk, start=cell, end=cell_end
            ):
                column.free_starts.append(Block(cell, cell_end, row(cell), row(cell_end)))
            cell = cell_end


def _device_lanes(bookings: list[Booking], *, day: date, row: RowFor) -> list[DeviceLane]:
    """One lane per device booked that day: each live booking's hold on it, labelled with the
    provider, never the patient (a provider sees the lane, not others' patients). The device
    stays held until `blocked_until`, as busy_intervals counts it; the block ends with the
    appointment and the buffer after it is a piece of its own ("+ 15 min buffer"), so the
    desk does not read the buffer as part of the treatment."""
    zone = clinic_zone()
    start, end = local_day_bounds(day)
    lanes: dict[int, DeviceLane] = {}
    for booking in bookings:
        if booking.resource_id is None:
            continue
        lane = lanes.setdefault(booking.resource_id, DeviceLane(name=booking.resource.name))
        begin, finish, held_until = booking.start, booking.end, booking.blocked_until
        if not booking.is_live or begin >= end or held_until <= start:
            continue
        times = f"{begin.astimezone(zone):%-I:%M}-{finish.astimezone(zone):%-I:%M %p}"
        top = row(begin)
        bottom = max(row(finish), top + 1)
        use = Block(begin, finish, top, bottom, label=f"{times} {booking.provider.display_name}")
        if finish < held_until and finish < end:
            minutes = int((held_until - finish).total_seconds() // 60)
            # At least one row, as the booking's own block: a 3-minute buffer still shows.
            use.buffer = Block(
                finish,
                held_until,
                bottom,
                max(row(held_until), bottom + 1),
                label=f"+ {minutes} min buffer",
            )
        lane.in_use.append(use)
    return sorted(lanes.values(), key=lambda lane: lane.name)


def _now_row(day: date, row: RowFor, row_count: int) -> int | None:
    now = timezone.now()
    if now.astimezone(clinic_zone()).date() != day:
        return None
    now_row = row(now)
    return now_row if 1 < now_row < row_count else None


def day_schedule(*, day: date, providers: QuerySet[Provider]) -> DaySchedule:
    """One column per active provider for one local day, and a lane per device in use.
    The grid runs from the earliest to the latest of the day's working hours, bookings and
    time off, in whole hours."""
    people = _providers(providers)
    ids = [p.pk for p in people]
    start, end = local_day_bounds(day)
    time_off = _time_off(ids, start, end)
    # The device lane shows every booking holding a device, whichever provider it is with.
    bookings = _bookings(
        start=start, end=end, holds=Q(provider_id__in=ids) | Q(resource__isnull=False)
    )
    closures = closure_spans(start=start, end=end)
    busy = _busy(time_off, bookings, closures)
    in_columns = [b for b in bookings if b.provider_id in ids or b.is_live]
    first, last = _hours_spanning(
        _minutes_used(day=day, providers=people, time_off=time_off, bookings=in_columns)
    )
    row = _row_for(day, first, last)
    columns = {(p.pk, day): ProviderDay(provider=p, day=day) for p in people}
    _lay_out(columns, time_off=time_off, bookings=bookings, busy=busy, rows={day: row})
    row_count = (last - first) * 60 // ROW_MINUTES + 1
    labels, closed = closure_labels(closures, [day])
    return DaySchedule(
        day=day,
        first_hour=first,
        last_hour=last,
        columns=list(columns.values()),
        row_count=row_count,
        hour_rows=_hour_rows(first, last),
        now_row=_now_row(day, row, row_count),
        devices=_device_lanes(bookings, day=day, row=row),
        closures=labels,
        closed_days=closed,
        services=_services(b for b in bookings if b.provider_id in ids),
    )


def week_schedule(*, week_start: date, provider: Provider) -> DaySchedule:
    """One column per day (Monday to Sunday) for one provider. `day` is the Monday."""
    people = _providers(Provider.objects.filter(pk=provider.pk))
    ids = [p.pk for p in people]
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    start, _ = local_day_bounds(days[0])
    _, end = local_day_bounds(days[-1])
    time_off = _time_off(ids, start, end)
    bookings = _bookings(start=start, end=end, holds=Q(provider_id__in=ids))
    closures = closure_spans(start=start, end=end)
    busy = _busy(time_off, bookings, closures)
    minutes = [
        minute
        for day in days
        for minute in _minutes_used(day=day, providers=people, time_off=time_off, bookings=bookings)
    ]
    first, last = _hours_spanning(minutes)
    rows = {day: _row_for(day, first, last) for day in days}
    columns = {(p.pk, day): ProviderDay(provider=p, day=day) for p in people for day in days}
    _lay_out(columns, time_off=time_off, bookings=bookings, busy=busy, rows=rows)
    row_count = (last - first) * 60 // ROW_MINUTES + 1
    today = timezone.localdate()
    labels, closed = closure_labels(closures, days)
    return DaySchedule(
        day=week_start,
        first_hour=first,
        last_hour=last,
        columns=list(columns.values()),
        row_count=row_count,
        hour_rows=_hour_rows(first, last),
        now_row=_now_row(today, rows[today], row_count) if today in rows else None,
        closures=labels,
        closed_days=closed,
        services=_services(bookings),
    )

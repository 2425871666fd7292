"""Reads with rules in them: when providers and devices are busy (the one definition of a
free time), the bookings overlapping a window, and the free slots built on them."""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from practice.zones import clinic_zone
from treatments.models import Treatment

from ..models import (
    MAX_BOOKING_SPAN,
    AppointmentType,
    Booking,
    Closure,
    Provider,
    TimeOff,
    WorkingHours,
)


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, UTC
    # Providers free at that time, the least busy that day first: "any provider" takes the first.
    provider_ids: tuple[int, ...]


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which a local day starts and ends (23 or 25 hours on DST days)."""
    zone = clinic_zone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def providers_for(*, treatment: Treatment, provider: Provider | None = None) -> list[Provider]:
    """Active providers who perform `treatment`, with their working hours."""
    providers = Provider.objects.filter(is_active=True, treatments=treatment)
    if provider is not None:
        providers = providers.filter(pk=provider.pk)
    return list(
        providers.prefetch_related(
            Prefetch("working_hours", queryset=WorkingHours.objects.order_by("weekday", "start"))
        )
    )


Interval = tuple[datetime, datetime]


def bookings_overlapping(*, start: datetime, end: datetime) -> QuerySet[Booking]:
    """Bookings of every status whose held time (start to blocked_until, the buffer included)
    overlaps [start, end).

    The lower bound on `start` is what keeps this cheap in the clinic's fifth year: no booking
    holds its time longer than MAX_BOOKING_SPAN (a database constraint), so one that started
    earlier than that cannot reach the window, and the (start) and (provider, start) indexes
    read only the window's rows instead of every booking since the clinic opened.
    """
    return Booking.objects.filter(
        start__lt=end, blocked_until__gt=start, start__gt=start - MAX_BOOKING_SPAN
    )


def _merged(intervals: list[Interval]) -> tuple[list[datetime], list[datetime]]:
    """Sorted, disjoint intervals as two parallel lists (starts, ends) for bisecting."""
    starts: list[datetime] = []
    ends: list[datetime] = []
    for begin, finish in sorted(intervals):
        if ends and begin <= ends[-1]:
            ends[-1] = max(ends[-1], finish)
        else:
            starts.append(begin)
            ends.append(finish)
    return starts, ends


def _is_free(busy: tuple[list[datetime], list[datetime]], begin: datetime, end: datetime) -> bool:
    starts, ends = busy
    # The last busy interval that starts before `end` is the only one that can overlap, since
    # merged intervals are disjoint and sorted (their ends grow with their starts).
    index = bisect_left(starts, end) - 1
    return index < 0 or ends[index] <= begin


_NOTHING: tuple[list[datetime], list[datetime]] = ([], [])


@dataclass(frozen=True)
class BusyIntervals:
    """When each provider and each device is taken: the one definition of "not free" behind
    online slots, staff booking, moving a booking and the staff grid's free cells."""

    providers: dict[int, tuple[list[datetime], list[datetime]]]
    devices: dict[int, tuple[list[datetime], list[datetime]]]
    # Starts of the live bookings that hold each provider, for "the least busy that day".
    booking_starts: dict[int, list[datetime]]
    # When the whole clinic is closed (holidays, early closings): nobody is free then.
    closed: tuple[list[datetime], list[datetime]] = _NOTHING

    def clinic_is_open(self, *, start: datetime, end: datetime) -> bool:
        return _is_free(self.closed, start, end)

    def provider_is_free(self, *, provider_id: int, start: datetime, end: datetime) -> bool:
        return self.clinic_is_open(start=start, end=end) and _is_free(
            self.providers.get(provider_id, _NOTHING), start, end
        )

    def device_is_free(self, *, resource_id: int | None, start: datetime, end: datetime) -> bool:
        return resource_id is None or _is_free(self.devices.get(resource_id, _NOTHING), start, end)

    def device_busy(self, *, resource_id: int) -> list[Interval]:
        starts, ends = self.devices.get(resource_id, _NOTHING)
        return list(zip(starts, ends, strict=True))


def busy_intervals_from(
    *,
    time_off: Iterable[tuple[int, datetime, datetime]],
    bookings: Iterable[tuple[int, int, int | None, str, datetime, datetime]],
    ignore_booking_id: int | None = None,
    closures: Iterable[Interval] = (),
) -> BusyIntervals:
    """The rule, without the queries: time off holds its provider; a live booking holds its
    provider and its device from its start until `blocked_until` (its buffer included); a
    cancelled or missed one holds nothing. `bookings` are (id, provider_id, resource_id, status,
    start, blocked_until) rows; the staff grid passes the rows it already loaded to show."""
    providers: dict[int, list[Interval]] = defaultdict(list)
    devices: dict[int, list[Interval]] = defaultdict(list)
    starts: dict[int, list[datetime]] = defaultdict(list)
    for provider_id, begin, finish in time_off:
        providers[provider_id].append((begin, finish))
    for booking_id, provider_id, resource_id, status, begin, held_until in bookings:
        if status not in Booking.LIVE_STATUSES or booking_id == ignore_booking_id:
            continue
        providers[provider_id].append((begin, held_until))
        starts[provider_id].append(begin)
        if resource_id is not None:
            devices[resource_id].append((begin, held_until))
    return BusyIntervals(
        providers={pid: _merged(spans) for pid, spans in providers.items()},
        devices={rid: _merged(spans) for rid, spans in devices.items()},
        booking_starts=dict(starts),
        closed=_merged(list(closures)),
    )


def closure_spans(*, start: datetime, end: datetime) -> list[tuple[datetime, datetime, str]]:
    """The clinic's closures that touch [start, end): (from, until, reason), in UTC. One
    query. A closure runs from its closing time (midnight for a whole day) to the next
    local midnight."""
    zone = clinic_zone()
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    spans = []
    for closure in Closure.objects.filter(day__range=(first, last)):
        day_start, day_end = local_day_bounds(closure.day)
        begin = (
            datetime.combine(closure.day, closure.closes_at, tzinfo=zone)
            if closure.closes_at
            else day_start
        )
        if begin < end and day_end > start:
            spans.append((begin, day_end, closure.reason))
    return spans


BUSY_FIELDS = ("id", "provider_id", "resource_id", "status", "start", "blocked_until")


def busy_intervals(
    *,
    provider_ids: Collection[int],
    resource_id: int | None,
    start: datetime,
    end: datetime,
    ignore_booking: Booking | None = None,
) -> BusyIntervals:
    """When the providers and the device are taken within [start, end), and when the clinic
    is closed. Three queries."""
    time_off = TimeOff.objects.filter(
        provider_id__in=provider_ids, start__lt=end, end__gt=start
    ).values_list("provider_id", "start", "end")
    holds_device = Q(resource_id=resource_id) if resource_id else Q(pk__in=[])
    bookings = (
        bookings_overlapping(start=start, end=end)
        .filter(Q(provider_id__in=provider_ids) | holds_device, status__in=Booking.LIVE_STATUSES)
        .values_list(*BUSY_FIELDS)
    )
    busy = busy_intervals_from(
        time_off=time_off,
        bookings=bookings,
        ignore_booking_id=ignore_booking.pk if ignore_booking is not None else None,
        closures=[(begin, until) for begin, until, _ in closure_spans(start=start, end=end)],
    )
    # Only the device asked about: another device's bookings were not all read.
    return BusyIntervals(
        providers=busy.providers,
        devices={rid: spans for rid, spans in busy.devices.items() if rid == resource_id},
        booking_starts=busy.booking_starts,
        closed=busy.closed,
    )


def slots_available(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start_date: date,
    end_date: date,
    provider: Provider | None = None,
    now: datetime | None = None,
    ignore_booking: Booking | None = None,
    online: bool = True,
) -> dict[date, list[Slot]]:
    """Free start times per local day: working hours, where busy_intervals says the provider
    (and the device the type needs) are free for the whole appointment and its buffer.

    `online` applies the type's minimum notice and booking horizon (staff booking by phone
    may go past them). `ignore_booking` is the booking being moved, which must not block
    itself. Four queries whatever the number of days or bookings.
    """
    now = now or timezone.now()
    zone = clinic_zone()
    today = now.astimezone(zone).date()
    if online:
        start_date = max(start_date, today)
        end_date = min(end_date, today + timedelta(days=appointment_type.horizon_days))
        earliest = now + timedelta(minutes=appointment_type.min_notice_minutes)
    else:
        earliest = now
    if end_date < start_date:
        return {}

    providers = providers_for(treatment=treatment, provider=provider)
    if not providers:
        return {}
    window_start, _ = local_day_bounds(start_date)
    _, window_end = local_day_bounds(end_date)
    length, blocked = appointment_type.duration, appointment_type.blocked
    resource_id = appointment_type.resource_id
    busy = busy_intervals(
        provider_ids=[p.pk for p in providers],
        resource_id=resource_id,
        # The last slot's buffer may run past midnight into the next day's bookings.
        start=window_start,
        end=window_end + blocked,
        ignore_booking=ignore_booking,
    )
    load: dict[tuple[int, date], int] = defaultdict(int)
    for provider_id, starts in busy.booking_starts.items():
        for begin in starts:
            load[(provider_id, begin.astimezone(zone).date())] += 1

    grid = timedelta(minutes=settings.BOOKING_SLOT_GRID_MINUTES)
    free: dict[date, dict[datetime, list[int]]] = {}
    day = start_date
    while day <= end_date:
        for prov in providers:
            for hours in prov.working_hours.all():
                if hours.weekday != day.weekday():
                    continue
                # Wall-clock arithmetic, then the zone: 9:00 stays 9:00 across DST changes.
                local = datetime.combine(day, hours.start)
                close = datetime.combine(day, hours.end).replace(tzinfo=zone).astimezone(UTC)
                while True:
                    begin = local.replace(tzinfo=zone).astimezone(UTC)
                    if begin + length > close:
                        break
                    if (
                        begin >= earliest
                        and busy.provider_is_free(
                            provider_id=prov.pk, start=begin, end=begin + blocked
                        )
                        and busy.device_is_free(
                            resource_id=resource_id, start=begin, end=begin + blocked
                        )
                    ):
                        free.setdefault(day, {}).setdefault(begin, []).append(prov.pk)
                    local += grid
        day += timedelta(days=1)

    return {
        day: [
            Slot(begin, tuple(sorted(ids, key=lambda pid, d=day: (load[(pid, d)], pid))))
            for begin, ids in sorted(by_time.items())
        ]
        for day, by_time in sorted(free.items())
    }


def slot_find(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start: datetime,
    provider: Provider | None = None,
    now: datetime | None = None,
    ignore_booking: Booking | None = None,
    online: bool = True,
) -> Slot | None:
    """The free slot starting exactly at `start`, or None."""
    day = start.astimezone(clinic_zone()).date()
    slots = slots_available(
        appointment_type=appointment_type,
        treatment=treatment,
        start_date=day,
        end_date=day,
        provider=provider,
        now=now,
        ignore_booking=ignore_booking,
        online=online,
    )
    return next((slot for slot in slots.get(day, []) if slot.start == start), None)


def slots_nearest(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    wanted: datetime,
    provider: Provider | None = None,
    count: int = 5,
    ignore_booking: Booking | None = None,
    online: bool = True,
) -> list[Slot]:
    """The free slots closest in time to `wanted`: what a patient who just lost a slot is
    offered instead."""
    day = wanted.astimezone(clinic_zone()).date()
    slots = slots_available(
        appointment_type=appointment_type,
        treatment=treatment,
        start_date=day - timedelta(days=3),
        end_date=day + timedelta(days=7),
        provider=provider,
        ignore_booking=ignore_booking,
        online=online,
    )
    every = [slot for day_slots in slots.values() for slot in day_slots]
    every.sort(key=lambda slot: abs((slot.start - wanted).total_seconds()))
    return sorted(every[:count], key=lambda slot: slot.start)


def consultation_type_get() -> AppointmentType | None:
    """The appointment type patients book online when they ask for a free consultation."""
    return (
        AppointmentType.objects.filter(
            kind=AppointmentType.Kind.CONSULTATION, is_bookable_online=True, is_active=True
        )
        .order_by("duration_minutes", "pk")
        .first()
    )

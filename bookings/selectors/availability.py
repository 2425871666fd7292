"""Reads with rules in them: free slots, and what a manage link points at."""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from treatments.models import Treatment

from ..models import AppointmentType, Booking, Provider, TimeOff, WorkingHours


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, UTC
    # Providers free at that time, the least busy that day first: "any provider" takes the first.
    provider_ids: tuple[int, ...]


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


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


def _merged(intervals: list[tuple[datetime, datetime]]) -> tuple[list[datetime], list[datetime]]:
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
    """Free start times per local day, from working hours minus time off, minus live bookings
    and their buffers, minus the bookings of the device the type needs.

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
    provider_ids = {p.pk for p in providers}
    window_start, _ = local_day_bounds(start_date)
    _, window_end = local_day_bounds(end_date)
    # Appointments that start late the day before can still reach into the window.
    reach_back = window_start - timedelta(days=1)

    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for provider_id, begin, finish in TimeOff.objects.filter(
        provider_id__in=provider_ids, start__lt=window_end, end__gt=reach_back
    ).values_list("provider_id", "start", "end"):
        busy[provider_id].append((begin, finish))

    resource_id = appointment_type.resource_id
    holds_provider = Q(provider_id__in=provider_ids)
    holds_device = Q(resource_id=resource_id) if resource_id else Q(pk__in=[])
    bookings = Booking.objects.filter(
        holds_provider | holds_device,
        status__in=Booking.LIVE_STATUSES,
        start__lt=window_end,
        blocked_until__gt=reach_back,
    )
    if ignore_booking is not None:
        bookings = bookings.exclude(pk=ignore_booking.pk)
    device_busy: list[tuple[datetime, datetime]] = []
    load: dict[tuple[int, date], int] = defaultdict(int)
    for provider_id, booked_resource, begin, finish in bookings.values_list(
        "provider_id", "resource_id", "start", "blocked_until"
    ):
        if provider_id in provider_ids:
            busy[provider_id].append((begin, finish))
            load[(provider_id, begin.astimezone(zone).date())] += 1
        if resource_id and booked_resource == resource_id:
            device_busy.append((begin, finish))

    merged = {pid: _merged(busy.get(pid, [])) for pid in provider_ids}
    device = _merged(device_busy)
    grid = timedelta(minutes=settings.BOOKING_SLOT_GRID_MINUTES)
    length, blocked = appointment_type.duration, appointment_type.blocked

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
                        and _is_free(merged[prov.pk], begin, begin + blocked)
                        and (not resource_id or _is_free(device, begin, begin + blocked))
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
        appointment_type=appointment_type, treatment=treatment, start_date=day, end_date=day,
        provider=provider, now=now, ignore_booking=ignore_booking, online=online,
    )  # fmt: skip
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
        appointment_type=appointment_type, treatment=treatment,
        start_date=day - timedelta(days=3), end_date=day + timedelta(days=7),
        provider=provider, ignore_booking=ignore_booking, online=online,
    )  # fmt: skip
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

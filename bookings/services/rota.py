"""Who works when: time off and blocks, and each provider's weekly hours."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import access, selectors
from ..audit import audit_record
from ..models import AuditEntry, Booking, Provider, TimeOff, WorkingHours
from .booking import BookingError

REASON_MAX = 200


def _require(allowed: bool, *, actor, what: str) -> None:
    """Staff are held to their role; `actor=None` is the system (the demo loader, a shell)."""
    if actor is not None:
        access.require(allowed, actor=actor, what=what)


def _live_bookings_in(provider: Provider, start: datetime, end: datetime) -> list[Booking]:
    return list(
        selectors.bookings_overlapping(start=start, end=end)
        .filter(provider=provider, status__in=Booking.LIVE_STATUSES)
        .select_related("patient")
    )


def _bookings_listed(bookings: list[Booking]) -> str:
    zone = selectors.clinic_zone()
    return "; ".join(
        f"{b.start.astimezone(zone):%a %-d %b %-I:%M %p} {b.patient.full_name}"
        for b in bookings[:5]
    ) + (f" and {len(bookings) - 5} more" if len(bookings) > 5 else "")


def _time_off_checked(*, provider: Provider, start: datetime, end: datetime, reason: str) -> None:
    if end <= start:
        raise BookingError("Time off must end after it starts.")
    if len(reason) > REASON_MAX:
        raise BookingError(f"Keep the reason under {REASON_MAX} characters.")
    # The same row lock booking_create takes (see booking._provider_still_free): a booking
    # and a block for one provider can never slip past each other.
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    clashes = _live_bookings_in(provider, start, end)
    if clashes:
        raise BookingError(
            f"{provider} has bookings in that time; move them first: {_bookings_listed(clashes)}."
        )


def time_off_create(
    *, actor=None, provider: Provider, start: datetime, end: datetime, reason: str = ""
) -> TimeOff:
    """Block a provider's time. Refused while live bookings sit in it: move them first."""
    _require(access.may_manage_time_off(actor), actor=actor, what="add time off")
    reason = reason.strip()
    with transaction.atomic():
        _time_off_checked(provider=provider, start=start, end=end, reason=reason)
        time_off = TimeOff.objects.create(provider=provider, start=start, end=end, reason=reason)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            what="time off",
            detail={"provider": str(provider), "from": _label(start), "to": _label(end)},
        )
    return time_off


def time_off_update(
    *,
    actor=None,
    time_off: TimeOff,
    provider: Provider,
    start: datetime,
    end: datetime,
    reason: str = "",
) -> TimeOff:
    _require(access.may_manage_time_off(actor), actor=actor, what="change time off")
    reason = reason.strip()
    with transaction.atomic():
        time_off = TimeOff.objects.select_for_update().get(pk=time_off.pk)
        _time_off_checked(provider=provider, start=start, end=end, reason=reason)
        before = {
            "provider": str(time_off.provider),
            "from": _label(time_off.start),
            "to": _label(time_off.end),
        }
        time_off.provider, time_off.start, time_off.end, time_off.reason = (
            provider,
            start,
            end,
            reason,
        )
        time_off.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            what="time off",
            detail={
                "before": before,
                "provider": str(provider),
                "from": _label(start),
                "to": _label(end),
            },
        )
    return time_off


def time_off_delete(*, actor=None, time_off: TimeOff) -> None:
    _require(access.may_manage_time_off(actor), actor=actor, what="delete time off")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            what="time off deleted",
            detail={
                "provider": str(time_off.provider),
                "from": _label(time_off.start),
                "to": _label(time_off.end),
                "reason": time_off.reason,
            },
        )
        TimeOff.objects.filter(pk=time_off.pk).delete()


def _label(moment: datetime) -> str:
    return f"{moment.astimezone(selectors.clinic_zone()):%a %-d %b %Y %-I:%M %p}"


def _validate_ranges(ranges: list[tuple[int, object, object]]) -> None:
    for _weekday, start, end in ranges:
        if end <= start:
            raise BookingError(f"{start:%H:%M} to {end:%H:%M}: the end must be after the start.")
    by_day: dict[int, list] = {}
    for weekday, start, end in sorted(ranges, key=lambda r: (r[0], r[1])):
        previous = by_day.setdefault(weekday, [])
        if previous and start < previous[-1][1]:
            raise BookingError("Two ranges on the same day overlap.")
        previous.append((start, end))


def bookings_outside_hours(
    *, provider: Provider, ranges: list[tuple[int, object, object]], now: datetime | None = None
) -> list[Booking]:
    """Upcoming live bookings of `provider` that the weekly `ranges` would not cover: what a
    manager is warned about before changing hours (the bookings themselves stay)."""
    now = now or timezone.now()
    zone = selectors.clinic_zone()
    outside = []
    upcoming = Booking.objects.filter(
        provider=provider, status__in=Booking.LIVE_STATUSES, start__gte=now
    ).select_related("patient", "appointment_type")
    for booking in upcoming.order_by("start")[:500]:
        begin, finish = booking.start.astimezone(zone), booking.end.astimezone(zone)
        covered = any(
            weekday == begin.weekday()
            and start <= begin.time()
            and (finish.date() == begin.date() and finish.time() <= end)
            for weekday, start, end in ranges
        )
        if not covered:
            outside.append(booking)
    return outside


def working_hours_replace(
    *, actor=None, provider: Provider, ranges: list[tuple[int, object, object]]
) -> list[Booking]:
    """Replace a provider's weekly hours. Existing bookings are kept as they are; the ones the
    new hours leave outside are returned, for the manager to move or keep."""
    _require(access.may_edit_hours(actor), actor=actor, what="change working hours")
    _validate_ranges(ranges)
    with transaction.atomic():
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        WorkingHours.objects.filter(provider=provider).delete()
        WorkingHours.objects.bulk_create(
            WorkingHours(provider=provider, weekday=w, start=s, end=e) for w, s, e in ranges
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            what="working hours",
            detail={"provider": str(provider), "ranges": len(ranges)},
        )
    return bookings_outside_hours(provider=provider, ranges=ranges)

"""The schedule: a day with one column per provider, a week for one provider, a provider's
day sheet to print, and the month at a glance."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from .. import access
from ..audit import audit_view
from ..models import Booking, Provider
from ..parsing import date_parse
from ..selectors import day_schedule, week_schedule
from ..selectors.day_sheet import day_sheet as day_sheet_for
from ..selectors.month import month_overview
from . import panels
from .access import staff_view


def _links() -> dict:
    """URLs the grid repeats hundreds of times, reversed once per page, and the statuses its
    legend explains."""
    zero = uuid.UUID(int=0)
    # "/staff/bookings/<id>/" cut before the id: the template appends "<id>/".
    booking = reverse("staff:booking", kwargs={"booking_id": zero}).split(str(zero))[0]
    return {
        "booking_url_prefix": booking,
        "new_booking_url": reverse("staff:booking_new"),
        "statuses": Booking.Status.choices,
        # A booking dragged on the grid lands on the start-time grid the booking rules use.
        "snap_minutes": settings.BOOKING_SLOT_GRID_MINUTES,
    }


def _date_from(request: HttpRequest, name: str) -> date:
    return date_parse(request.GET.get(name)) or timezone.localdate()


def _month_from(request: HttpRequest) -> date:
    """The first day of ?month=2026-12, or of this month when it is missing or unreadable."""
    value = request.GET.get("month") or ""
    chosen = date_parse(f"{value}-01") if len(value) == 7 else None
    return (chosen or timezone.localdate()).replace(day=1)


@staff_view("view_schedule")
def day(request: HttpRequest) -> HttpResponse:
    chosen = _date_from(request, "date")
    schedule = day_schedule(day=chosen, providers=access.providers_visible_to(request.user))
    panels.bookings_tag(schedule.all_bookings)
    # The grid names every patient of the day: looking at it is a view of patient data.
    audit_view(
        request,
        what="schedule day",
        detail={"day": chosen.isoformat(), "patients": schedule.patient_ids},
    )
    return render(
        request,
        "staff/day.html",
        {
            "schedule": schedule,
            "previous": chosen - timedelta(days=1),
            "next": chosen + timedelta(days=1),
            "today": timezone.localdate(),
            "time_off_editable": access.may_manage_time_off(request.user),
            # Free cells open the phone booking form: only for those who may book.
            "may_book": access.may_book(request.user),
            **_links(),
        },
    )


@staff_view("view_schedule")
def week(request: HttpRequest, provider_id) -> HttpResponse:
    provider = get_object_or_404(Provider, public_id=provider_id, is_active=True)
    access.require(
        access.providers_visible_to(request.user).filter(pk=provider.pk).exists(),
        actor=request.user,
        what=f"week of {provider}",
    )
    chosen = _date_from(request, "week")
    monday = chosen - timedelta(days=chosen.weekday())
    schedule = week_schedule(week_start=monday, provider=provider)
    panels.bookings_tag(schedule.all_bookings)
    audit_view(
        request,
        what="schedule week",
        detail={
            "provider": provider.display_name,
            "week": monday.isoformat(),
            "patients": schedule.patient_ids,
        },
    )
    return render(
        request,
        "staff/week.html",
        {
            "schedule": schedule,
            "provider": provider,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "today": timezone.localdate(),
            "time_off_editable": access.may_manage_time_off(request.user),
            # Free cells open the phone booking form: only for those who may book.
            "may_book": access.may_book(request.user),
            **_links(),
        },
    )


@staff_view("view_schedule")
def day_sheet(request: HttpRequest, provider_id) -> HttpResponse:
    """One provider's day as a plain list, to print. The selector decides what the user's
    role may see on it; every look at it is recorded, like any page of patient data."""
    chosen = _date_from(request, "date")
    sheet = day_sheet_for(user=request.user, provider_id=provider_id, day=chosen)
    audit_view(
        request,
        what="day sheet",
        detail={
            "provider": sheet.provider.display_name,
            "day": chosen.isoformat(),
            "patients": sheet.patient_ids,
        },
    )
    return render(request, "staff/day_sheet.html", {"sheet": sheet})


@staff_view("view_schedule")
def month(request: HttpRequest) -> HttpResponse:
    overview = month_overview(
        month=_month_from(request), providers=access.providers_visible_to(request.user)
    )
    return render(
        request,
        "staff/month.html",
        {"overview": overview, "today": timezone.localdate()},
    )

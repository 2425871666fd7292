"""The schedule: a day with one column per provider, a week for one provider."""

import uuid
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from .. import access
from ..models import Provider
from ..parsing import date_parse
from ..selectors import day_schedule, week_schedule
from .access import staff_view


def _links() -> dict:
    """URLs the grid repeats hundreds of times, reversed once per page."""
    zero = uuid.UUID(int=0)
    # "/staff/bookings/<id>/" cut before the id: the template appends "<id>/".
    booking = reverse("staff:booking", kwargs={"booking_id": zero}).split(str(zero))[0]
    return {"booking_url_prefix": booking, "new_booking_url": reverse("staff:booking_new")}


def _date_from(request: HttpRequest, name: str) -> date:
    return date_parse(request.GET.get(name)) or timezone.localdate()


@staff_view("view_schedule")
def day(request: HttpRequest) -> HttpResponse:
    chosen = _date_from(request, "date")
    schedule = day_schedule(day=chosen, providers=access.providers_visible_to(request.user))
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
    return render(
        request,
        "staff/week.html",
        {
            "schedule": week_schedule(week_start=monday, provider=provider),
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

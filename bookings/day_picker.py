"""Choosing a day and a time on the patient's pages (booking, moving, a series' next session):
the provider asked for, and the days with free times a page at a time."""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from practice.zones import time_zone_shown
from treatments.models import Treatment

from . import selectors
from .forms import ProviderChoiceForm
from .models import Booking, Provider
from .parsing import date_parse

DAYS_SHOWN = 10


PROVIDER_GONE = (
    "The provider you chose is no longer available for this. Here are the nearest free times "
    "with our other providers."
)


class ProviderUnavailable(Exception):
    """A provider was asked for who is not (or no longer) bookable for this treatment."""


ANY_PROVIDER = "any"


def provider_from(
    request: HttpRequest, source, treatment: Treatment, *, keeping: Booking | None = None
) -> Provider | None:
    """The provider the patient chose, None for "any provider"; a choice that is not valid
    is never quietly replaced by someone else. When moving (`keeping`), no choice at all
    means the provider the booking already has: a patient is never silently reassigned."""
    if keeping is not None and "provider" not in source:
        current = keeping.provider
        still_offers = current.is_active and current.treatments.filter(pk=treatment.pk).exists()
        return current if still_offers else None
    if not source.get("provider") or source.get("provider") == ANY_PROVIDER:
        return None
    form = ProviderChoiceForm(
        source, providers=Provider.objects.filter(is_active=True, treatments=treatment)
    )
    if not form.is_valid() or form.cleaned_data["provider"] is None:
        raise ProviderUnavailable
    return form.cleaned_data["provider"]


def day_picker_context(
    request: HttpRequest,
    *,
    treatment: Treatment,
    appointment_type,
    provider,
    booking=None,
    start_date=None,
    end_date=None,
) -> dict:
    """Days with free slots (soonest first, DAYS_SHOWN at a time with "Later dates") and the
    chosen day's slots, between `start_date` and `end_date` (default: today to the type's
    booking horizon). Used by booking, moving, and a series' next session."""
    today = timezone.localdate()
    slots = selectors.slots_available(
        appointment_type=appointment_type,
        treatment=treatment,
        start_date=max(start_date or today, today),
        end_date=end_date or today + timedelta(days=appointment_type.horizon_days),
        provider=provider,
        ignore_booking=booking,
    )
    days = list(slots)
    # "Later dates" and "Earlier dates" page through the days with free times, DAYS_SHOWN at
    # a time; the page starts at `from`, which every day link carries, so picking a day keeps
    # the page it was picked on.
    page_from = date_parse(request.GET.get("from"))
    first = next((i for i, day in enumerate(days) if day >= page_from), 0) if page_from else 0
    shown = days[first : first + DAYS_SHOWN]
    chosen = date_parse(request.GET.get("date"))
    if chosen not in slots:
        chosen = shown[0] if shown else None
    elif chosen not in shown:
        shown = sorted([*shown[: DAYS_SHOWN - 1], chosen])
    later = first + DAYS_SHOWN
    return {
        "days": shown,
        "more_days": len(days) > later,
        "later_from": days[later] if len(days) > later else None,
        "earlier_from": days[max(first - DAYS_SHOWN, 0)] if first > 0 else None,
        "page_from": days[first] if first > 0 else None,
        "chosen_day": chosen,
        "slots": slots.get(chosen, []) if chosen else [],
        "time_zone": time_zone_shown(chosen) if chosen else None,
        "provider": provider,
        "provider_form": ProviderChoiceForm(
            _provider_form_data(request, provider, moving=booking is not None),
            providers=Provider.objects.filter(is_active=True, treatments=treatment),
        ),
    }


def _provider_form_data(request: HttpRequest, provider: Provider | None, *, moving: bool):
    """What the provider menu shows: the choice made, and when moving, the booking's own
    provider until the patient picks another."""
    if not moving:
        return request.GET or None
    data = request.GET.copy()
    if data.get("provider") in (None, ANY_PROVIDER) or "provider" not in request.GET:
        data["provider"] = str(provider.public_id) if provider else ""
    return data

"""Reads of the clinic's public content."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import FAQ, Clinic, OpeningHours, Treatment


def clinic_get() -> Clinic | None:
    """The clinic's row, or None before the clinic is set up. Its opening hours are read only
    by the pages that show them (the public footer), not by every staff page."""
    return Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()


def treatment_list_published() -> QuerySet[Treatment]:
    return Treatment.objects.published()


def treatment_get_published(*, slug: str) -> Treatment:
    """The published treatment with its published FAQs; Http404 for anything else, so an
    unpublished draft is indistinguishable from a page that does not exist."""
    faqs = Prefetch("faqs", queryset=FAQ.objects.filter(is_published=True).order_by("position"))
    treatment = Treatment.objects.published().prefetch_related(faqs).filter(slug=slug).first()
    if treatment is None:
        raise Http404("No such treatment")
    return treatment


def faq_list_published() -> QuerySet[Treatment]:
    """Published treatments that have published FAQs, each with those FAQs prefetched."""
    faqs = Prefetch("faqs", queryset=FAQ.objects.filter(is_published=True).order_by("position"))
    return (
        Treatment.objects.published()
        .filter(faqs__is_published=True)
        .distinct()
        .prefetch_related(faqs)
    )


def clinic_open_at(moment: datetime) -> bool:
    """Whether the clinic's opening hours cover `moment` (aware), on its local clock. Closed
    days and early closings (issue: clinic closures) are not counted here yet."""
    local = timezone.localtime(moment)
    return OpeningHours.objects.filter(
        clinic_id=Clinic.SINGLETON_ID,
        weekday=local.weekday(),
        opens__lte=local.time(),
        closes__gt=local.time(),
    ).exists()

"""A provider's day as a list to print and carry: the day sheet.

What the sheet holds follows the reader's role, decided here rather than in the template so
no page built on it can show more: the sheet of a provider the user may not see is refused
(and the refusal recorded), and clinical notes are left out unless the user may read them
(bookings/access.py). Five queries: the provider with their hours, whether the user may see
them, the bookings (patient and type joined, first visit annotated), their notes, and the
clinic's closures.
"""

import uuid
from dataclasses import dataclass
from datetime import date, time

from django.db.models import Prefetch
from django.http import Http404

from .. import access
from ..models import Booking, Note, Provider, WorkingHours
from .availability import closure_spans, local_day_bounds
from .schedule import closure_labels, first_visit


@dataclass(frozen=True)
class SheetLine:
    """One booking on the sheet, with the notes its reader may see."""

    booking: Booking
    notes: list[Note]

    @property
    def first_visit(self) -> bool:
        return self.booking.is_first_visit


@dataclass(frozen=True)
class DaySheet:
    provider: Provider
    day: date
    lines: list[SheetLine]
    hours: list[tuple[time, time]]
    closure: str
    # Whether clinical notes were included (the reader may read them): the sheet says so.
    shows_clinical: bool

    @property
    def patient_ids(self) -> list[str]:
        """The patients on the sheet, once each, for the audit row."""
        seen = dict.fromkeys(str(line.booking.patient.public_id) for line in self.lines)
        return list(seen)


def _notes(*, clinical: bool) -> Prefetch:
    notes = Note.objects.select_related("author").order_by("created_at")
    if not clinical:
        notes = notes.filter(is_clinical=False)
    return Prefetch("notes", queryset=notes, to_attr="sheet_notes")


def day_sheet(*, user, provider_id: uuid.UUID, day: date) -> DaySheet:
    """The bookings (every status, in time order) of one provider on one local day."""
    hours = Prefetch("working_hours", queryset=WorkingHours.objects.order_by("start"))
    provider = (
        Provider.objects.filter(public_id=provider_id, is_active=True)
        .prefetch_related(hours)
        .first()
    )
    if provider is None:
        raise Http404("No such provider.")
    access.require(
        access.providers_visible_to(user).filter(pk=provider.pk).exists(),
        actor=user,
        what=f"day sheet of {provider}",
    )
    clinical = access.may_read_clinical(user)
    start, end = local_day_bounds(day)
    bookings = (
        Booking.objects.filter(provider=provider, start__gte=start, start__lt=end)
        .select_related("patient", "appointment_type", "treatment")
        .annotate(is_first_visit=first_visit())
        .prefetch_related(_notes(clinical=clinical))
        .order_by("start")
    )
    labels, _ = closure_labels(closure_spans(start=start, end=end), [day])
    return DaySheet(
        provider=provider,
        day=day,
        lines=[SheetLine(booking, booking.sheet_notes) for booking in bookings],
        hours=[
            (h.start, h.end) for h in provider.working_hours.all() if h.weekday == day.weekday()
        ],
        closure=labels.get(day, ""),
        shows_clinical=clinical,
    )

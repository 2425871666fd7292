"""Finding patients: the front desk's search, and two records side by side for a merge,
within what the user may see."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..access import may_read_clinical, patients_visible_to
from ..models import Booking, Note, Patient, patient_whole_name, phone_digits

QUERY_MAX = 100


def patient_search(user, query: str, *, limit: int = 20) -> list[Patient]:
    """By name, email or phone (digits only are enough: 5550148 finds (312) 555-0148).
    Records merged into another are not offered: the one kept is."""
    query = " ".join(query.split())[:QUERY_MAX]
    if len(query) < 2:
        return []
    digits = phone_digits(query)
    patients = patients_visible_to(user).filter(merged_into__isnull=True)
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "")) - 4:
        # A phone number (digits, perhaps with brackets and dashes): its trigram index alone.
        terms = Q(phone_digits__contains=digits)
    else:
        # Every word must be in the name: "ana pat" finds Ana Patient. One expression over
        # the whole name, so one trigram index (patient_name_trgm) serves every word.
        patients = patients.annotate(whole_name=patient_whole_name())
        by_name = Q()
        for word in query.split():
            by_name &= Q(whole_name__icontains=word)
        terms = Q(email__icontains=query) | by_name
    return list(patients.filter(terms).order_by("last_name", "first_name")[:limit])


@dataclass(frozen=True)
class PatientAtAGlance:
    """What tells two records of one person apart, for the merge page's side-by-side."""

    patient: Patient
    bookings: int
    upcoming: int
    next_visit: datetime | None
    last_visit: datetime | None
    notes: int


def _per_patient(rows: QuerySet, value) -> Subquery:
    """One figure over `rows` of the outer patient, as a subquery: the comparison stays one
    query however many bookings or notes each record holds."""
    return Subquery(
        rows.filter(patient=OuterRef("pk"))
        .order_by()
        .values("patient")
        .annotate(figure=value)
        .values("figure")[:1]
    )


def patients_at_a_glance(user, patients: list[Patient]) -> list[PatientAtAGlance]:
    """`patients` as the merge page compares them, in the order given, leaving out any the
    user may not see. Notes are counted as the user would see them (clinical ones only for
    those who may read them). One query."""
    now = timezone.now()
    bookings = Booking.objects.all()
    notes = Note.objects.all()
    if not may_read_clinical(user):
        notes = notes.filter(is_clinical=False)
    # A visit is an appointment the patient came to; a no-show or a cancellation is not one.
    visits = bookings.filter(
        status__in=(Booking.Status.CHECKED_IN, Booking.Status.COMPLETED), start__lte=now
    )
    ahead = bookings.filter(
        status__in=(Booking.Status.REQUESTED, Booking.Status.CONFIRMED), start__gt=now
    )
    found = {
        p.pk: p
        for p in patients_visible_to(user)
        .filter(pk__in=[p.pk for p in patients])
        .annotate(
            bookings_count=Coalesce(_per_patient(bookings, Count("pk")), 0),
            upcoming_count=Coalesce(_per_patient(ahead, Count("pk")), 0),
            next_visit=_per_patient(ahead, Min("start")),
            last_visit=_per_patient(visits, Max("start")),
            notes_count=Coalesce(_per_patient(notes, Count("pk")), 0),
        )
    }
    return [
        PatientAtAGlance(
            patient=row,
            bookings=row.bookings_count,
            upcoming=row.upcoming_count,
            next_visit=row.next_visit,
            last_visit=row.last_visit,
            notes=row.notes_count,
        )
        for row in (found.get(p.pk) for p in patients)
        if row is not None
    ]

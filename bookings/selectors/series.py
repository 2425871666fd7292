"""Where a patient is in each treatment series: "session 2 of 3", and when the next is due."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from treatments.models import Treatment

from ..models import Booking, Patient, TreatmentSession


@dataclass
class SeriesProgress:
    treatment: Treatment
    sessions_done: int
    sessions_planned: int
    last_session_on: date | None
    next_due_on: date | None
    next_booking: Booking | None

    @property
    def label(self) -> str:
        return f"Session {self.sessions_done} of {self.sessions_planned}"

    @property
    def complete(self) -> bool:
        return self.sessions_done >= self.sessions_planned


def patient_series(*, patient: Patient) -> list[SeriesProgress]:
    sessions = list(
        TreatmentSession.objects.filter(patient=patient)
        .select_related("treatment")
        .order_by("treatment__position", "performed_on")
    )
    # "Next booked" is the earliest session still ahead: a confirmed booking from last week
    # that nobody checked in is not the next one (latest first, so the earliest wins).
    upcoming = {
        b.treatment_id: b
        for b in Booking.objects.filter(
            patient=patient,
            status__in=[Booking.Status.REQUESTED, Booking.Status.CONFIRMED],
            appointment_type__kind="treatment",
            start__gt=timezone.now(),
        ).order_by("-start")
    }
    by_treatment: dict[int, list[TreatmentSession]] = {}
    for session in sessions:
        by_treatment.setdefault(session.treatment_id, []).append(session)
    progress = []
    for done in by_treatment.values():
        treatment = done[-1].treatment
        last = done[-1].performed_on
        more = len(done) < treatment.recommended_sessions
        progress.append(
            SeriesProgress(
                treatment=treatment,
                sessions_done=len(done),
                sessions_planned=treatment.recommended_sessions,
                last_session_on=last,
                next_due_on=last + timedelta(days=treatment.session_interval_days)
                if more
                else None,
                next_booking=upcoming.get(treatment.pk),
            )
        )
    return progress

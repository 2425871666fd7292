"""Every write that matters to bookings: create, move, cancel, change status.

Each one runs in one transaction. The friendly checks come first; the database has the last
word (exclusion constraints on PostgreSQL, a write lock taken up front on SQLite), and its
IntegrityError becomes the same friendly "that time was just taken".
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from treatments.models import Clinic, Treatment

from . import selectors, signals
from .models import AppointmentType, Booking, BookingStatusChange, Patient, Provider, _manage_token
from .screening import screening_flags


class BookingError(Exception):
    """A booking request that cannot be carried out; `str()` is safe to show the patient."""


class SlotTaken(BookingError):
    def __init__(self, message: str, *, alternatives: list[selectors.Slot]):
        super().__init__(message)
        self.alternatives = alternatives


class TransitionNotAllowed(BookingError):
    pass


SLOT_TAKEN = "Sorry, that time was just taken. Here are the nearest free times."


@dataclass(frozen=True)
class PatientDetails:
    first_name: str
    last_name: str
    email: str
    phone: str
    consents_to_reminders: bool = False
    preferred_contact: str = Patient.Contact.EMAIL
    date_of_birth: object = None
    extra: dict = field(default_factory=dict)


def patient_find_or_create(*, details: PatientDetails) -> Patient:
    """One patient per email: a returning patient is found again, whatever the capitals.

    An existing record is not overwritten from a public form (anyone can type anyone's email);
    only a new consent to reminders is added, and an empty phone filled in.
    """
    email = details.email.strip()
    patient = Patient.objects.filter(email__iexact=email).first()
    if patient is None:
        try:
            with transaction.atomic():
                return Patient.objects.create(
                    first_name=details.first_name.strip(), last_name=details.last_name.strip(),
                    email=email, phone=details.phone.strip(),
                    consents_to_reminders=details.consents_to_reminders,
                    preferred_contact=details.preferred_contact,
                    date_of_birth=details.date_of_birth,
                )  # fmt: skip
        except IntegrityError:
            # The same new patient booking twice at once: the other request created them.
            patient = Patient.objects.get(email__iexact=email)
    changed = []
    if details.consents_to_reminders and not patient.consents_to_reminders:
        patient.consents_to_reminders = True
        changed.append("consents_to_reminders")
    if not patient.phone and details.phone:
        patient.phone = details.phone.strip()
        changed.append("phone")
    if changed:
        patient.save(update_fields=[*changed, "updated_at"])
    return patient


# exclusion_violation: another live booking holds the time. deadlock_detected: two requests
# inserted conflicting rows at once and each waited on the other's exclusion check; PostgreSQL
# aborts one of them, which has lost the race just the same. Any other error is a real bug.
LOST_RACE_SQLSTATES = {"23P01", "40P01"}


def _is_overlap(error: DatabaseError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in LOST_RACE_SQLSTATES


def _taken(*, appointment_type, treatment, start, provider, ignore_booking=None) -> SlotTaken:
    alternatives = selectors.slots_nearest(
        appointment_type=appointment_type, treatment=treatment, wanted=start,
        provider=provider, ignore_booking=ignore_booking,
    )  # fmt: skip
    return SlotTaken(SLOT_TAKEN, alternatives=alternatives)


def booking_create(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start: datetime,
    patient_details: PatientDetails,
    source: str,
    provider: Provider | None = None,
    intake_answers: dict | None = None,
    created_by=None,
    online: bool = True,
) -> Booking:
    """Book `start` with `provider`, or with whichever eligible provider is free.

    Raises SlotTaken (with the nearest free times) if the time is not, or no longer, free.
    """
    intake_answers = intake_answers or {}
    with transaction.atomic():
        slot = selectors.slot_find(
            appointment_type=appointment_type, treatment=treatment, start=start,
            provider=provider, online=online,
        )  # fmt: skip
        if slot is None:
            raise _taken(
                appointment_type=appointment_type, treatment=treatment, start=start,
                provider=provider,
            )  # fmt: skip
        patient = patient_find_or_create(details=patient_details)
        booking = None
        for provider_id in slot.provider_ids:
            try:
                with transaction.atomic():  # a savepoint: one lost race leaves the rest usable
                    booking = Booking.objects.create(
                        patient=patient, provider_id=provider_id,
                        appointment_type=appointment_type, treatment=treatment,
                        resource_id=appointment_type.resource_id, start=start,
                        end=start + appointment_type.duration,
                        blocked_until=start + appointment_type.blocked,
                        status=Booking.Status.CONFIRMED, source=source,
                        intake_answers=intake_answers,
                        intake_flags=screening_flags(intake_answers, treatment=treatment),
                    )  # fmt: skip
                break
            except DatabaseError as error:
                if not _is_overlap(error):
                    raise
        if booking is None:
            raise _taken(
                appointment_type=appointment_type, treatment=treatment, start=start,
                provider=provider,
            )  # fmt: skip
        BookingStatusChange.objects.create(
            booking=booking, to_status=booking.status, changed_by=created_by,
            changed_by_patient=created_by is None,
        )  # fmt: skip
        signals.booking_confirmed.send(sender=Booking, booking=booking)
        _email_on_commit(booking, "confirmed")
    return booking


def booking_reschedule(
    *,
    booking: Booking,
    start: datetime,
    provider: Provider | None = None,
    changed_by=None,
    online: bool = True,
) -> Booking:
    """Move a live booking to `start` (with `provider`, or any free eligible provider)."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if not booking.is_live or booking.status == Booking.Status.COMPLETED:
            raise BookingError("This booking can no longer be moved.")
        slot = selectors.slot_find(
            appointment_type=booking.appointment_type, treatment=booking.treatment, start=start,
            provider=provider, ignore_booking=booking, online=online,
        )  # fmt: skip
        kwargs = {
            "appointment_type": booking.appointment_type, "treatment": booking.treatment,
            "start": start, "provider": provider, "ignore_booking": booking,
        }  # fmt: skip
        if slot is None:
            raise _taken(**kwargs)
        previous_start = booking.start
        moved = False
        for provider_id in slot.provider_ids:
            try:
                with transaction.atomic():
                    Booking.objects.filter(pk=booking.pk).update(
                        provider_id=provider_id, start=start,
                        end=start + booking.appointment_type.duration,
                        blocked_until=start + booking.appointment_type.blocked,
                        sequence=booking.sequence + 1, updated_at=timezone.now(),
                    )  # fmt: skip
                moved = True
                break
            except DatabaseError as error:
                if not _is_overlap(error):
                    raise
        if not moved:
            raise _taken(**kwargs)
        booking.refresh_from_db()
        signals.booking_moved.send(sender=Booking, booking=booking, previous_start=previous_start)
        _email_on_commit(booking, "moved")
    return booking


# The one table of allowed status changes. Completed, cancelled and no-show are final.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Booking.Status.REQUESTED: {
        Booking.Status.CONFIRMED, Booking.Status.CANCELLED, Booking.Status.NO_SHOW,
    },
    Booking.Status.CONFIRMED: {
        Booking.Status.CHECKED_IN, Booking.Status.CANCELLED, Booking.Status.NO_SHOW,
    },
    Booking.Status.CHECKED_IN: {Booking.Status.COMPLETED, Booking.Status.CANCELLED},
    Booking.Status.COMPLETED: set(),
    Booking.Status.CANCELLED: set(),
    Booking.Status.NO_SHOW: set(),
}  # fmt: skip


def booking_transition(
    *,
    booking: Booking,
    to_status: str,
    changed_by=None,
    by_patient: bool = False,
    reason: str = "",
) -> Booking:
    """Change a booking's status along ALLOWED_TRANSITIONS and record who did it and when.
    An illegal change raises TransitionNotAllowed and changes nothing."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        from_status = booking.status
        if to_status not in ALLOWED_TRANSITIONS[from_status]:
            raise TransitionNotAllowed(
                f"A {booking.get_status_display().lower()} booking cannot be marked "
                f"{Booking.Status(to_status).label.lower()}."
            )
        booking.status = to_status
        fields = ["status", "updated_at"]
        if to_status == Booking.Status.CANCELLED:
            booking.cancellation_reason = reason[:300]
            booking.manage_token = _manage_token()  # every old manage link dies here
            booking.sequence += 1
            fields += ["cancellation_reason", "manage_token", "sequence"]
        booking.save(update_fields=fields)
        BookingStatusChange.objects.create(
            booking=booking, from_status=from_status, to_status=to_status,
            changed_by=changed_by, changed_by_patient=by_patient, reason=reason[:300],
        )  # fmt: skip
        signals.booking_status_changed.send(
            sender=Booking, booking=booking, from_status=from_status, to_status=to_status
        )
        if to_status == Booking.Status.CANCELLED:
            signals.booking_cancelled.send(sender=Booking, booking=booking)
            _email_on_commit(booking, "cancelled")
    return booking


def booking_cancel(*, booking: Booking, reason: str = "", changed_by=None, by_patient=False):
    return booking_transition(
        booking=booking, to_status=Booking.Status.CANCELLED, changed_by=changed_by,
        by_patient=by_patient, reason=reason,
    )  # fmt: skip


def booking_patient_may_change(*, booking: Booking, now: datetime | None = None) -> bool:
    """Whether the patient may still move or cancel online (before the clinic's window)."""
    now = now or timezone.now()
    clinic = Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    hours = clinic.cancellation_window_hours if clinic else 24
    return (
        booking.is_live
        and booking.status != Booking.Status.COMPLETED
        and (booking.start - now >= timedelta(hours=hours))
    )


def _email_on_commit(booking: Booking, kind: str) -> None:
    from .tasks import booking_email_task

    booking_id = booking.pk
    transaction.on_commit(lambda: booking_email_task.delay(booking_id, kind))

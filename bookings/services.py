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
from .models import (
    AppointmentType,
    Booking,
    BookingStatusChange,
    Note,
    Patient,
    Provider,
    TimeOff,
    TreatmentSession,
    WorkingHours,
    _manage_token,
    phone_digits,
)
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


def _same_person(patient: Patient, details: PatientDetails) -> bool:
    def norm(value: str) -> str:
        return " ".join(value.lower().split())

    return (norm(patient.first_name), norm(patient.last_name)) == (
        norm(details.first_name), norm(details.last_name),
    )  # fmt: skip


def patient_find_or_create(*, details: PatientDetails) -> Patient:
    """One patient per email: a returning patient is found again, whatever the capitals.

    An existing record is not overwritten from a public form (anyone can type anyone's email).
    Only when the name typed is the name on file is a new consent to reminders added, or an
    empty phone filled in; otherwise booking_create flags the booking for the front desk.
    """
    email = details.email.strip()
    patient = Patient.objects.filter(email__iexact=email).first()
    if patient is None:
        try:
            with transaction.atomic():
                return Patient.objects.create(
                    first_name=details.first_name.strip(), last_name=details.last_name.strip(),
                    email=email, phone=details.phone.strip(),
                    phone_digits=phone_digits(details.phone),
                    consents_to_reminders=details.consents_to_reminders,
                    preferred_contact=details.preferred_contact,
                    date_of_birth=details.date_of_birth,
                )  # fmt: skip
        except IntegrityError:
            # The same new patient booking twice at once: the other request created them.
            patient = Patient.objects.get(email__iexact=email)
    changed = []
    if not _same_person(patient, details):
        return patient
    if details.consents_to_reminders and not patient.consents_to_reminders:
        patient.consents_to_reminders = True
        changed.append("consents_to_reminders")
    if not patient.phone and details.phone:
        patient.phone = details.phone.strip()
        patient.phone_digits = phone_digits(patient.phone)
        changed += ["phone", "phone_digits"]
    if changed:
        patient.save(update_fields=[*changed, "updated_at"])
    return patient


# exclusion_violation: another live booking holds the time. deadlock_detected: two requests
# inserted conflicting rows at once and each waited on the other's exclusion check; PostgreSQL
# aborts one of them, which has lost the race just the same. Any other error is a real bug.
LOST_RACE_SQLSTATES = {"23P01", "40P01"}


def _is_overlap(error: DatabaseError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in LOST_RACE_SQLSTATES


def slot_taken(
    *, appointment_type, treatment, start, provider, ignore_booking=None, online=True
) -> SlotTaken:
    alternatives = selectors.slots_nearest(
        appointment_type=appointment_type, treatment=treatment, wanted=start,
        provider=provider, ignore_booking=ignore_booking, online=online,
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
    patient: Patient | None = None,
    intake_answers: dict | None = None,
    created_by=None,
    online: bool = True,
    outside_hours: bool = False,
) -> Booking:
    """Book `start` with `provider`, or with whichever eligible provider is free.

    `patient` is an existing patient (the front desk found them); otherwise the patient is
    found or created from `patient_details`. `outside_hours` (a manager's deliberate choice,
    with a named provider) skips working hours, notice and horizon, never the overlap rules.
    Raises SlotTaken (with the nearest free times) if the time is not, or no longer, free, and
    BookingError if the patient may not have this appointment yet.
    """
    intake_answers = intake_answers or {}
    with transaction.atomic():
        if outside_hours:
            if provider is None:
                raise BookingError("Choose the provider for a booking outside working hours.")
            slot = _slot_outside_hours(
                appointment_type=appointment_type, provider=provider, start=start
            )
        else:
            slot = selectors.slot_find(
                appointment_type=appointment_type, treatment=treatment, start=start,
                provider=provider, online=online,
            )  # fmt: skip
        if slot is None:
            raise slot_taken(
                appointment_type=appointment_type, treatment=treatment, start=start,
                provider=provider, online=online,
            )  # fmt: skip
        flags = []
        if patient is None:
            patient = patient_find_or_create(details=patient_details)
            if not _same_person(patient, patient_details):
                # Two people sharing an email, or a typing slip: the desk checks who it is.
                flags.append(
                    f"Booked with the email on file for {patient.full_name}, but the name given "
                    f"was {patient_details.first_name} {patient_details.last_name} "
                    f"(phone {patient_details.phone}). Check who is coming."
                )
        consultation_required_check(
            patient=patient, appointment_type=appointment_type, treatment=treatment
        )
        booking = None
        for provider_id in slot.provider_ids:
            try:
                with transaction.atomic():  # a savepoint: one lost race leaves the rest usable
                    if not _provider_still_free(
                        provider_id, start, start + appointment_type.blocked
                    ):
                        continue
                    booking = Booking.objects.create(
                        patient=patient, provider_id=provider_id,
                        appointment_type=appointment_type, treatment=treatment,
                        resource_id=appointment_type.resource_id, start=start,
                        end=start + appointment_type.duration,
                        blocked_until=start + appointment_type.blocked,
                        status=Booking.Status.CONFIRMED, source=source,
                        intake_answers=intake_answers,
                        intake_flags=flags + screening_flags(intake_answers, treatment=treatment),
                    )  # fmt: skip
                break
            except DatabaseError as error:
                if not _is_overlap(error):
                    raise
        if booking is None:
            raise slot_taken(
                appointment_type=appointment_type, treatment=treatment, start=start,
                provider=provider, online=online,
            )  # fmt: skip
        BookingStatusChange.objects.create(
            booking=booking, to_status=booking.status, changed_by=created_by,
            changed_by_patient=created_by is None,
        )  # fmt: skip
        signals.booking_confirmed.send(sender=Booking, booking=booking)
        _email_on_commit(booking, "confirmed")
    return booking


def _provider_still_free(provider_id: int, start: datetime, end: datetime) -> bool:
    """Locks the provider's row, then checks their time off once more. Time off has no
    exclusion constraint against bookings, so both writers take this same row lock first:
    a booking and a block for the same provider can never slip past each other."""
    Provider.objects.select_for_update().filter(pk=provider_id).first()
    return not TimeOff.objects.filter(
        provider_id=provider_id, start__lt=end, end__gt=start
    ).exists()


def _slot_outside_hours(
    *, appointment_type: AppointmentType, provider: Provider, start: datetime
) -> selectors.Slot | None:
    """The slot at `start` if neither the provider nor the device is busy then, whatever the
    working hours say. Time off counts as busy: a block is a block."""
    end = start + appointment_type.blocked
    live = Booking.objects.filter(
        status__in=Booking.LIVE_STATUSES, start__lt=end, blocked_until__gt=start
    )
    busy = (
        live.filter(provider=provider).exists()
        or TimeOff.objects.filter(provider=provider, start__lt=end, end__gt=start).exists()
    )
    if appointment_type.resource_id:
        busy = busy or live.filter(resource_id=appointment_type.resource_id).exists()
    return None if busy else selectors.Slot(start, (provider.pk,))


def consultation_required_check(
    *, patient: Patient, appointment_type: AppointmentType, treatment: Treatment
) -> None:
    """A laser session needs a consultation first, where the treatment says so."""
    if appointment_type.kind != AppointmentType.Kind.TREATMENT or not (
        treatment.requires_consultation
    ):
        return
    had_one = patient.bookings.filter(
        appointment_type__kind=AppointmentType.Kind.CONSULTATION,
        status__in=[Booking.Status.COMPLETED, Booking.Status.CHECKED_IN],
    ).exists()
    if not had_one:
        raise BookingError(
            f"{patient.full_name} has not had a consultation yet, and {treatment.name} "
            "sessions need one first. Book a free consultation instead."
        )


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
            "start": start, "provider": provider, "ignore_booking": booking, "online": online,
        }  # fmt: skip
        if slot is None:
            raise slot_taken(**kwargs)
        previous_start = booking.start
        moved = False
        for provider_id in slot.provider_ids:
            end = start + booking.appointment_type.blocked
            try:
                with transaction.atomic():
                    if not _provider_still_free(provider_id, start, end):
                        continue
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
            raise slot_taken(**kwargs)
        booking.refresh_from_db()
        signals.booking_moved.send(sender=Booking, booking=booking, previous_start=previous_start)
        _email_on_commit(booking, "moved")
    return booking


# A visit is checked in (and so completed, which starts aftercare from its date) no earlier
# than this before its start: a click on the wrong day's booking is refused.
CHECK_IN_EARLIEST_HOURS = 24

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
        if to_status == Booking.Status.CHECKED_IN and booking.start - timezone.now() > timedelta(
            hours=CHECK_IN_EARLIEST_HOURS
        ):
            zone = selectors.clinic_zone()
            raise TransitionNotAllowed(
                f"This appointment is on {booking.start.astimezone(zone):%A %-d %B}; check the "
                "patient in on the day."
            )
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


def booking_complete(
    *,
    booking: Booking,
    changed_by,
    treated_areas: str = "",
    settings_notes: str = "",
) -> Booking:
    """Mark a checked-in booking completed. For a treatment session, record the session (its
    number in the patient's series) and announce it, which starts the patient's aftercare."""
    with transaction.atomic():
        booking = booking_transition(
            booking=booking, to_status=Booking.Status.COMPLETED, changed_by=changed_by
        )
        if booking.appointment_type.kind != AppointmentType.Kind.TREATMENT:
            return booking
        if not treated_areas.strip():
            raise BookingError("Say which areas were treated.")
        earlier = TreatmentSession.objects.filter(
            patient=booking.patient, treatment=booking.treatment
        ).count()
        session = TreatmentSession.objects.create(
            booking=booking, patient=booking.patient, treatment=booking.treatment,
            provider=booking.provider, performed_on=booking.start.astimezone(
                selectors.clinic_zone()).date(),
            session_number=earlier + 1, treated_areas=treated_areas.strip()[:300],
            settings_notes=settings_notes.strip(), recorded_by=changed_by,
        )  # fmt: skip
        signals.treatment_completed.send(sender=Booking, booking=booking, session=session)
    return booking


def patient_reminders_set(*, patient: Patient, consent: bool) -> None:
    """The desk records the patient's wish about reminder emails (e.g. back on after an
    unsubscribe, at the patient's request)."""
    Patient.objects.filter(pk=patient.pk).update(consents_to_reminders=consent)


def note_add(*, patient: Patient, author, text: str, booking=None, is_clinical=False) -> Note:
    text = text.strip()
    if not text:
        raise BookingError("A note needs some text.")
    return Note.objects.create(
        patient=patient, booking=booking, author=author, text=text[:4000], is_clinical=is_clinical
    )


def time_off_create(*, provider: Provider, start: datetime, end: datetime, reason: str = ""):
    """Block a provider's time. Refused while live bookings sit in it: move them first."""
    if end <= start:
        raise BookingError("Time off must end after it starts.")
    with transaction.atomic():
        # The same row lock booking_create takes (see _provider_still_free).
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        clashes = list(
            Booking.objects.filter(
                provider=provider, status__in=Booking.LIVE_STATUSES, start__lt=end,
                blocked_until__gt=start,
            ).select_related("patient")
        )  # fmt: skip
        if clashes:
            zone = selectors.clinic_zone()
            listed = "; ".join(
                f"{b.start.astimezone(zone):%a %-d %b %-I:%M %p} {b.patient.full_name}"
                for b in clashes[:5]
            )
            raise BookingError(f"{provider} has bookings in that time; move them first: {listed}.")
        return TimeOff.objects.create(provider=provider, start=start, end=end, reason=reason[:200])


def working_hours_replace(*, provider: Provider, ranges: list[tuple[int, object, object]]):
    """Replace a provider's weekly hours. Existing bookings are kept as they are."""
    for _weekday, start, end in ranges:
        if end <= start:
            raise BookingError(f"{start:%H:%M} to {end:%H:%M}: the end must be after the start.")
    by_day: dict[int, list] = {}
    for weekday, start, end in sorted(ranges, key=lambda r: (r[0], r[1])):
        previous = by_day.setdefault(weekday, [])
        if previous and start < previous[-1][1]:
            raise BookingError("Two ranges on the same day overlap.")
        previous.append((start, end))
    with transaction.atomic():
        WorkingHours.objects.filter(provider=provider).delete()
        WorkingHours.objects.bulk_create(
            WorkingHours(provider=provider, weekday=w, start=s, end=e) for w, s, e in ranges
        )


def booking_patient_may_move(*, booking: Booking, now: datetime | None = None) -> bool:
    """Moving online is for appointment types patients may book online; a session the desk
    booked (90 minutes on the shared device) is moved by the desk."""
    return booking.appointment_type.is_bookable_online and booking_patient_may_change(
        booking=booking, now=now
    )


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

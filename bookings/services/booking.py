"""Every write that matters to bookings: create, move, cancel, change status.

Each one runs in one transaction. The friendly checks come first; the database has the last
word (exclusion constraints on PostgreSQL, a write lock taken up front on SQLite), and its
IntegrityError becomes the same friendly "that time was just taken".
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from practice.states import MoveNotAllowed, StateTable
from treatments.models import Clinic, Treatment

from .. import access, selectors, signals
from ..audit import audit_record
from ..models import (
    MAX_BOOKING_SPAN,
    AppointmentType,
    AuditEntry,
    Booking,
    BookingStatusChange,
    Patient,
    PatientUpdate,
    Provider,
    TimeOff,
    TreatmentSession,
    _manage_token,
    phone_digits,
)
from ..screening import screening_flags


class BookingError(Exception):
    """A booking request that cannot be carried out; `str()` is safe to show the patient."""


class SlotTaken(BookingError):
    def __init__(self, message: str, *, alternatives: list[selectors.Slot]):
        super().__init__(message)
        self.alternatives = alternatives


class TransitionNotAllowed(BookingError):
    pass


class PatientAlreadyBooked(BookingError):
    """The patient already holds a live booking at that time (a double submit, Back then
    submit): `booking` is that one."""

    def __init__(self, message: str, booking: Booking | None):
        super().__init__(message)
        self.booking = booking


SLOT_TAKEN = "Sorry, that time was just taken. Here are the nearest free times."


@dataclass(frozen=True)
class PatientDetails:
    first_name: str
    last_name: str
    email: str
    phone: str
    preferred_contact: str = Patient.Contact.EMAIL
    message_channel: str = Patient.Channel.EMAIL
    date_of_birth: object = None
    extra: dict = field(default_factory=dict)


def _same_person(patient: Patient, details: PatientDetails) -> bool:
    def norm(value: str) -> str:
        return " ".join(value.lower().split())

    return (norm(patient.first_name), norm(patient.last_name)) == (
        norm(details.first_name),
        norm(details.last_name),
    )


def patient_find_or_create(*, details: PatientDetails) -> Patient:
    """One patient per email: a returning patient is found again, whatever the capitals.

    An existing record is not overwritten from a public form (anyone can type anyone's email):
    message preferences change only through the patient's own signed link or the desk. Only
    when the name typed is the name on file is an empty phone filled in; otherwise
    booking_create flags the booking for the front desk.
    """
    email = details.email.strip()
    patient = Patient.objects.filter(email__iexact=email).select_related("merged_into").first()
    while patient is not None and patient.merged_into_id:
        # A record a manager merged into another: the booking goes to the one kept.
        patient = patient.merged_into
    if patient is None:
        try:
            with transaction.atomic():
                return Patient.objects.create(
                    first_name=details.first_name.strip(),
                    last_name=details.last_name.strip(),
                    email=email,
                    phone=details.phone.strip(),
                    phone_digits=phone_digits(details.phone),
                    preferred_contact=details.preferred_contact,
                    message_channel=details.message_channel,
                    date_of_birth=details.date_of_birth,
                )
        except IntegrityError:
            # The same new patient booking twice at once: the other request created them.
            patient = Patient.objects.get(email__iexact=email)
    changed = []
    if not _same_person(patient, details):
        return patient
    if not patient.phone and details.phone:
        patient.phone = details.phone.strip()
        patient.phone_digits = phone_digits(patient.phone)
        changed += ["phone", "phone_digits"]
    if changed:
        patient.save(update_fields=[*changed, "updated_at"])
    return patient


def _patient_update_keep(*, patient: Patient, details: PatientDetails, booking: Booking) -> None:
    """A returning patient typed a different phone or way to reach them: keep it for the
    desk (bookings/models.py PatientUpdate); a brand-new patient's record already has it."""
    changes = {}
    if details.phone.strip() and phone_digits(details.phone) != patient.phone_digits:
        changes["phone"] = details.phone.strip()
    if details.message_channel != patient.message_channel:
        changes["message_channel"] = details.message_channel
    if changes:  # (a new patient's record was made from these very details: no changes)
        PatientUpdate.objects.create(patient=patient, booking=booking, changes=changes)


# exclusion_violation: another live booking holds the time. deadlock_detected: two requests
# inserted conflicting rows at once and each waited on the other's exclusion check; PostgreSQL
# aborts one of them, which has lost the race just the same. Any other error is a real bug.
LOST_RACE_SQLSTATES = {"23P01", "40P01"}


PATIENT_OVERLAP_CONSTRAINT = "booking_patient_no_overlap"


def _is_overlap(error: DatabaseError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in LOST_RACE_SQLSTATES


def _is_patient_overlap(error: DatabaseError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == PATIENT_OVERLAP_CONSTRAINT


def patient_busy_check(
    *, patient: Patient, start: datetime, end: datetime, ignore_booking: Booking | None = None
) -> None:
    """One person cannot be in two places: refuse a booking that overlaps another live
    booking of the same patient (with any provider), naming it. PostgreSQL has the last word
    (booking_patient_no_overlap); this gives the friendly message first."""
    clash = (
        Booking.objects.filter(
            patient=patient,
            status__in=Booking.LIVE_STATUSES,
            start__lt=end,
            end__gt=start,
            start__gt=start - MAX_BOOKING_SPAN,
        )
        .exclude(pk=getattr(ignore_booking, "pk", None))
        .select_related("appointment_type", "provider")
        .first()
    )
    if clash is not None:
        raise PatientAlreadyBooked(_patient_clash_message(clash), clash)


def _patient_clash_message(clash: Booking) -> str:
    local = clash.start.astimezone(selectors.clinic_zone())
    return (
        f"{clash.patient.full_name} already has {clash.appointment_type.name.lower()} with "
        f"{clash.provider} at {local:%A %-d %B, %-I:%M %p} then; a patient cannot be booked "
        "twice at once."
    )


def _patient_clash_from_database(patient: Patient, start: datetime, end: datetime):
    clash = (
        Booking.objects.filter(
            patient=patient, status__in=Booking.LIVE_STATUSES, start__lt=end, end__gt=start
        )
        .select_related("appointment_type", "provider", "patient")
        .first()
    )
    return PatientAlreadyBooked(
        _patient_clash_message(clash) if clash else "The patient already has a booking then.",
        clash,
    )


def slot_taken(
    *, appointment_type, treatment, start, provider, ignore_booking=None, online=True
) -> SlotTaken:
    alternatives = selectors.slots_nearest(
        appointment_type=appointment_type,
        treatment=treatment,
        wanted=start,
        provider=provider,
        ignore_booking=ignore_booking,
        online=online,
    )
    return SlotTaken(SLOT_TAKEN, alternatives=alternatives)


def booking_create(
    *,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start: datetime,
    patient_details: PatientDetails | None,
    source: str,
    provider: Provider | None = None,
    patient: Patient | None = None,
    intake_answers: dict | None = None,
    actor=None,
    online: bool = True,
    outside_hours: bool = False,
) -> Booking:
    """Book `start` with `provider`, or with whichever eligible provider is free.

    `actor` is the staff member booking (None: the patient, online). `patient` is an existing
    patient (the front desk found them); otherwise the patient is found or created from
    `patient_details`. `outside_hours` (a manager's deliberate choice, with a named provider)
    skips working hours, notice and horizon, never the overlap rules, time off or the past.
    Raises SlotTaken (with the nearest free times) if the time is not, or no longer, free, and
    BookingError if the patient may not have this appointment.
    """
    intake_answers = intake_answers or {}
    _booker_check(actor, outside_hours=outside_hours)
    with transaction.atomic():
        slot = _slot_for(
            appointment_type=appointment_type,
            treatment=treatment,
            start=start,
            provider=provider,
            online=online,
            outside_hours=outside_hours,
        )
        patient, flags = _patient_resolve(patient=patient, details=patient_details)
        _patient_may_book_check(
            patient=patient, appointment_type=appointment_type, treatment=treatment, start=start
        )
        booking = _insert_with_first_free(
            slot,
            start=start,
            appointment_type=appointment_type,
            make=lambda provider_id: booking_row_insert(
                patient=patient,
                provider_id=provider_id,
                appointment_type=appointment_type,
                treatment=treatment,
                start=start,
                source=source,
                intake_answers=intake_answers,
                intake_flags=flags + screening_flags(intake_answers, treatment=treatment),
            ),
            patient=patient,
        )
        if booking is None:
            raise slot_taken(
                appointment_type=appointment_type,
                treatment=treatment,
                start=start,
                provider=provider,
                online=online,
            )
        _booking_created_record(booking, actor=actor, outside_hours=outside_hours)
        if patient_details is not None:
            _patient_update_keep(patient=patient, details=patient_details, booking=booking)
        signals.booking_confirmed.send(sender=Booking, booking=booking)
    return booking


def _booker_check(actor, *, outside_hours: bool) -> None:
    """Staff may book only with their role's permission; the patient books online."""
    if actor is None:
        return
    access.require(access.may_book(actor), actor=actor, what="book by phone")
    if outside_hours:
        access.require(access.may_book_outside_hours(actor), actor=actor, what="book outside hours")


def _patient_resolve(
    *, patient: Patient | None, details: PatientDetails | None
) -> tuple[Patient, list[str]]:
    """The patient the booking is for (found or made from `details` unless the desk chose
    them), and what the desk should check about who is coming."""
    if patient is not None:
        return patient, []
    patient = patient_find_or_create(details=details)
    if _same_person(patient, details):
        return patient, []
    # Two people sharing an email, or a typing slip: the desk checks who it is.
    return patient, [
        f"Booked with the email on file for {patient.full_name}, but the name given "
        f"was {details.first_name} {details.last_name} "
        f"(phone {details.phone}). Check who is coming."
    ]


def _patient_may_book_check(
    *, patient: Patient, appointment_type: AppointmentType, treatment: Treatment, start: datetime
) -> None:
    """The patient may have this appointment at this time: not an erased record, a
    consultation first where the treatment needs one, and not booked elsewhere then."""
    if patient.erased_at is not None:
        raise BookingError("This record was erased at the patient's request; add them anew.")
    consultation_required_check(
        patient=patient, appointment_type=appointment_type, treatment=treatment
    )
    patient_busy_check(patient=patient, start=start, end=start + appointment_type.duration)


def booking_row_insert(
    *,
    patient: Patient,
    provider_id: int,
    appointment_type: AppointmentType,
    treatment: Treatment,
    start: datetime,
    source: str,
    intake_answers: dict | None = None,
    intake_flags: list[str] | None = None,
) -> Booking:
    """The one INSERT of a booking, confirmed, its times derived from its type: for the
    caller that has checked the slot (booking_create, the demo's laid-out history)."""
    return Booking.objects.create(
        patient=patient,
        provider_id=provider_id,
        appointment_type=appointment_type,
        treatment=treatment,
        resource_id=appointment_type.resource_id,
        start=start,
        end=start + appointment_type.duration,
        blocked_until=start + appointment_type.blocked,
        status=Booking.Status.CONFIRMED,
        source=source,
        intake_answers=intake_answers or {},
        intake_flags=intake_flags or [],
    )


def _booking_created_record(booking: Booking, *, actor, outside_hours: bool) -> None:
    """Its first history row and its audit row: the desk's, or the patient's online."""
    by_patient = actor is None and booking.source == Booking.Source.ONLINE
    BookingStatusChange.objects.create(
        booking=booking,
        to_status=booking.status,
        changed_by=actor,
        changed_by_patient=actor is None,
    )
    audit_record(
        actor=actor,
        by_patient=by_patient,
        action=AuditEntry.Action.CREATE,
        what="booking",
        booking=booking,
        detail={"outside hours": True} if outside_hours else None,
    )


def _slot_for(
    *, appointment_type, treatment, start, provider, online, outside_hours, ignore_booking=None
) -> selectors.Slot:
    if outside_hours:
        if provider is None:
            raise BookingError("Choose the provider for a booking outside working hours.")
        if start <= timezone.now():
            raise BookingError("That time has passed; choose a time still to come.")
        slot = _slot_outside_hours(
            appointment_type=appointment_type,
            provider=provider,
            start=start,
            ignore_booking=ignore_booking,
        )
    else:
        slot = selectors.slot_find(
            appointment_type=appointment_type,
            treatment=treatment,
            start=start,
            provider=provider,
            online=online,
            ignore_booking=ignore_booking,
        )
    if slot is None:
        raise slot_taken(
            appointment_type=appointment_type,
            treatment=treatment,
            start=start,
            provider=provider,
            online=online,
            ignore_booking=ignore_booking,
        )
    return slot


def _insert_with_first_free(slot, *, start, appointment_type, make, patient):
    """Try the slot's providers in order, each in a savepoint: one lost race leaves the rest
    usable. Returns what `make(provider_id)` wrote, or None if every provider was taken."""
    end = start + appointment_type.blocked
    for provider_id in slot.provider_ids:
        try:
            with transaction.atomic():
                if not _provider_still_free(provider_id, start, end):
                    continue
                return make(provider_id)
        except DatabaseError as error:
            if _is_patient_overlap(error):
                raise _patient_clash_from_database(
                    patient, start, start + appointment_type.duration
                ) from error
            if not _is_overlap(error):
                raise
    return None


def _provider_still_free(provider_id: int, start: datetime, end: datetime) -> bool:
    """Locks the provider's row, then checks their time off once more. Time off has no
    exclusion constraint against bookings, so both writers take this same row lock first:
    a booking and a block for the same provider can never slip past each other."""
    Provider.objects.select_for_update().filter(pk=provider_id).first()
    return not TimeOff.objects.filter(
        provider_id=provider_id, start__lt=end, end__gt=start
    ).exists()


def _slot_outside_hours(
    *,
    appointment_type: AppointmentType,
    provider: Provider,
    start: datetime,
    ignore_booking: Booking | None = None,
) -> selectors.Slot | None:
    """The slot at `start` if neither the provider nor the device is busy then, whatever the
    working hours say: the one busy-intervals selector decides (time off, bookings and their
    buffers, the device), as for every other booking. A clinic closure is refused by name: a
    holiday is not a time a manager books around by mistake."""
    end = start + appointment_type.blocked
    busy = selectors.busy_intervals(
        provider_ids=[provider.pk],
        resource_id=appointment_type.resource_id,
        start=start,
        end=end,
        ignore_booking=ignore_booking,
    )
    if not busy.clinic_is_open(start=start, end=end):
        # The closure's name only for the refusal: busy_intervals read the closures already.
        reason = selectors.closure_spans(start=start, end=end)[0][2]
        raise BookingError(
            f"The clinic is closed then ({reason}). Choose another day, or change the "
            "closure in the back office first."
        )
    free = busy.provider_is_free(
        provider_id=provider.pk, start=start, end=end
    ) and busy.device_is_free(resource_id=appointment_type.resource_id, start=start, end=end)
    return selectors.Slot(start, (provider.pk,)) if free else None


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


def booking_move_check(
    *, booking: Booking, start: datetime, provider: Provider | None = None, online: bool = True
) -> selectors.Slot:
    """Whether `booking` could move to `start` with `provider`, checked as booking_reschedule
    checks it before it writes (which calls this, under the booking's row lock): raises
    BookingError, or SlotTaken with the nearest free times. Writes nothing, so a page may ask
    before it moves (the grid's drop asks the desk first)."""
    if not booking.is_movable:
        raise BookingError(
            f"A {booking.get_status_display().lower()} booking cannot be moved: it has "
            "already begun or ended."
        )
    kind = booking.appointment_type
    slot = _slot_for(
        appointment_type=kind,
        treatment=booking.treatment,
        start=start,
        provider=provider,
        online=online,
        outside_hours=False,
        ignore_booking=booking,
    )
    patient_busy_check(
        patient=booking.patient, start=start, end=start + kind.duration, ignore_booking=booking
    )
    return slot


def booking_reschedule(
    *,
    booking: Booking,
    start: datetime,
    provider: Provider | None = None,
    actor=None,
    online: bool = True,
) -> Booking:
    """Move a booking that has not begun to `start`, with `provider` (None: any free eligible
    provider; callers keep the booking's own provider unless the user chose otherwise)."""
    if actor is not None:
        access.require(
            access.may_move(actor, booking), actor=actor, what="move booking", booking=booking
        )
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("appointment_type", "treatment", "patient")
            .get(pk=booking.pk)
        )
        if booking.is_movable and start == booking.start and provider in (None, booking.provider):
            # A replayed move (a double submit, Back then submit) to where it already is:
            # nothing happens, so no second "moved" email and no SEQUENCE bump.
            return booking
        slot = booking_move_check(booking=booking, start=start, provider=provider, online=online)
        previous_start, previous_provider = booking.start, booking.provider_id
        moved = _insert_with_first_free(
            slot,
            start=start,
            appointment_type=booking.appointment_type,
            make=lambda provider_id: _booking_times_write(
                booking, provider_id=provider_id, start=start
            ),
            patient=booking.patient,
        )
        if not moved:
            raise slot_taken(
                appointment_type=booking.appointment_type,
                treatment=booking.treatment,
                start=start,
                provider=provider,
                ignore_booking=booking,
                online=online,
            )
        booking.refresh_from_db()
        _booking_moved_record(
            booking,
            actor=actor,
            by_patient=actor is None and online,
            previous_start=previous_start,
            previous_provider=previous_provider,
        )
        signals.booking_moved.send(sender=Booking, booking=booking, previous_start=previous_start)
    return booking


def _booking_times_write(booking: Booking, *, provider_id: int, start: datetime) -> bool:
    """The move's one UPDATE: the new provider and times, and a SEQUENCE calendars follow."""
    kind = booking.appointment_type
    Booking.objects.filter(pk=booking.pk).update(
        provider_id=provider_id,
        start=start,
        end=start + kind.duration,
        blocked_until=start + kind.blocked,
        sequence=booking.sequence + 1,
        updated_at=timezone.now(),
    )
    return True


def _booking_moved_record(
    booking: Booking, *, actor, by_patient: bool, previous_start, previous_provider: int
) -> None:
    detail = {"from": _local_label(previous_start), "to": _local_label(booking.start)}
    if booking.provider_id != previous_provider:
        detail["provider"] = str(booking.provider)
    audit_record(
        actor=actor,
        by_patient=by_patient,
        action=AuditEntry.Action.CHANGE,
        what="booking time",
        booking=booking,
        detail=detail,
    )


def _local_label(moment: datetime) -> str:
    return f"{moment.astimezone(selectors.clinic_zone()):%a %-d %b %Y %-I:%M %p}"


# The one table of allowed status changes. Completed, cancelled and no-show are final, but for
# a manager's same-day correction (booking_status_revert), which has a table of its own.
_S = Booking.Status
BOOKING_STATES = StateTable(
    "booking",
    {
        _S.REQUESTED: frozenset({_S.CONFIRMED, _S.CANCELLED, _S.NO_SHOW}),
        _S.CONFIRMED: frozenset({_S.CHECKED_IN, _S.CANCELLED, _S.NO_SHOW}),
        _S.CHECKED_IN: frozenset({_S.COMPLETED, _S.CANCELLED}),
        _S.COMPLETED: frozenset(),
        _S.CANCELLED: frozenset(),
        _S.NO_SHOW: frozenset(),
    },
)
ALLOWED_TRANSITIONS = BOOKING_STATES.moves

# What a manager may put right the same day, back to the status before: a no-show marked by
# mistake (the patient was in the waiting room) and a check-in of the wrong patient. A
# completion is clinical record and a cancellation has told the patient; both are put right by
# booking again.
BOOKING_CORRECTIONS = StateTable(
    "booking correction",
    {
        _S.NO_SHOW: frozenset({_S.REQUESTED, _S.CONFIRMED}),
        _S.CHECKED_IN: frozenset({_S.CONFIRMED}),
    },
)
REVERTIBLE = set(BOOKING_CORRECTIONS.moves)

REASON_MAX = 300


def booking_is_on_its_day(booking: Booking, *, now: datetime | None = None) -> bool:
    """Check-in and completion happen on the appointment's own local day: Monday must not
    complete Tuesday's session."""
    zone = selectors.clinic_zone()
    now = now or timezone.now()
    return booking.start.astimezone(zone).date() == now.astimezone(zone).date()


def _transition_refusal(booking: Booking, to_status: str, *, now: datetime) -> str | None:
    """Why the booking itself (not the user's role) rules out this change now, or None."""
    status = Booking.Status
    if not BOOKING_STATES.allows(booking.status, to_status):
        return (
            f"A {booking.get_status_display().lower()} booking cannot be marked "
            f"{status(to_status).label.lower()}."
        )
    if to_status in (status.CHECKED_IN, status.COMPLETED) and not booking_is_on_its_day(
        booking, now=now
    ):
        local = booking.start.astimezone(selectors.clinic_zone())
        return f"This appointment is on {local:%A %-d %B}; that is done on the day."
    if to_status == status.NO_SHOW and now < booking.start:
        local = booking.start.astimezone(selectors.clinic_zone())
        return f"The appointment starts at {local:%-I:%M %p on %A %-d %B}; it is not missed yet."
    return None


def booking_transitions_open(booking: Booking, *, actor, now: datetime | None = None) -> list:
    """The changes `actor` may make to `booking` now: what the booking page offers."""
    now = now or timezone.now()
    return [
        to
        for to in ALLOWED_TRANSITIONS[booking.status]
        if access.may_transition(actor, booking, to)
        and _transition_refusal(booking, to, now=now) is None
    ]


def booking_transition(
    *,
    booking: Booking,
    to_status: str,
    actor=None,
    by_patient: bool = False,
    reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Change a booking's status along ALLOWED_TRANSITIONS and record who did it and when.

    `actor` is the staff member (their role is checked), `by_patient` the patient through
    their manage link (only cancelling, only before the clinic's window); neither is the
    system (the demo loader, tests). A refused change raises and changes nothing."""
    now = now or timezone.now()
    reason = reason.strip()
    if to_status not in Booking.Status.values:
        raise TransitionNotAllowed("Unknown status.")
    if len(reason) > REASON_MAX:
        raise BookingError(f"Keep the reason under {REASON_MAX} characters.")
    if actor is not None:
        access.require(
            access.may_transition(actor, booking, to_status),
            actor=actor,
            what=f"mark {Booking.Status(to_status).label.lower()}",
            booking=booking,
        )
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("patient").get(pk=booking.pk)
        refusal = _transition_refusal(booking, to_status, now=now)
        if refusal:
            raise TransitionNotAllowed(refusal)
        if by_patient:
            if to_status != Booking.Status.CANCELLED:
                raise TransitionNotAllowed("Patients can only cancel.")
            if not booking_patient_may_change(booking=booking, now=now):
                raise TransitionNotAllowed(
                    "This booking can no longer be cancelled online. Please call us."
                )
        if to_status == Booking.Status.CANCELLED and actor is not None and not reason:
            raise BookingError("Give a reason for the cancellation.")
        booking_status_write(
            booking,
            to_status=to_status,
            by=actor,
            by_patient=by_patient,
            reason=reason,
            audit_what="booking status",
        )
        return booking


def booking_status_write(
    booking: Booking,
    *,
    to_status: str,
    correction: bool = False,
    by=None,
    by_patient: bool = False,
    reason: str = "",
    audit_what: str | None = None,
    audit_detail: dict | None = None,
    at: datetime | None = None,
) -> None:
    """The one write of a booking's status, for a booking the caller has checked: the move
    along the table of allowed moves (a manager's same-day `correction` along its own), its
    history row, the audit row (`audit_what`) and the announcements. A cancellation also
    kills every manage link and tells calendars.

    The write is guarded (`... WHERE status = <the status read>`): a booking another request
    moved meanwhile is not moved again from a status it no longer has."""
    from_status = booking.status
    table = BOOKING_CORRECTIONS if correction else BOOKING_STATES
    if not table.allows(from_status, to_status):
        raise MoveNotAllowed(f"A booking cannot go from {from_status} to {to_status}")
    fields = {"status": to_status, "updated_at": timezone.now()}
    if to_status == Booking.Status.CANCELLED:
        # Every old manage link dies here; SEQUENCE tells calendars the event is off.
        fields |= {
            "cancellation_reason": reason,
            "manage_token": _manage_token(),
            "sequence": booking.sequence + 1,
        }
    if not Booking.objects.filter(pk=booking.pk, status=from_status).update(**fields):
        raise TransitionNotAllowed("This booking was changed meanwhile: reload it and try again.")
    for name, value in fields.items():
        setattr(booking, name, value)
    BookingStatusChange.objects.create(
        booking=booking,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        changed_by_patient=by_patient,
        reason=reason,
        changed_at=at or timezone.now(),
    )
    if audit_what is not None:
        audit_record(
            actor=by,
            by_patient=by_patient,
            action=AuditEntry.Action.CHANGE,
            what=audit_what,
            booking=booking,
            detail={"status": _status_change_label(from_status, to_status), **(audit_detail or {})},
        )
    signals.booking_status_changed.send(
        sender=Booking, booking=booking, from_status=from_status, to_status=to_status
    )
    if to_status == Booking.Status.CANCELLED:
        signals.booking_cancelled.send(sender=Booking, booking=booking)


def _status_change_label(from_status: str, to_status: str) -> str:
    """ "Confirmed → Cancelled": one readable value (JSON objects do not keep key order)."""
    return f"{Booking.Status(from_status).label} → {Booking.Status(to_status).label}"


def booking_cancel(
    *, booking: Booking, reason: str = "", actor=None, by_patient=False, now=None
) -> Booking:
    return booking_transition(
        booking=booking,
        to_status=Booking.Status.CANCELLED,
        actor=actor,
        by_patient=by_patient,
        reason=reason,
        now=now,
    )


def _revertible_change(booking: Booking, *, now: datetime) -> BookingStatusChange | None:
    last = booking.status_changes.order_by("-changed_at", "-id").first()
    zone = selectors.clinic_zone()
    if (
        booking.status not in REVERTIBLE
        or last is None
        or last.to_status != booking.status
        or not last.from_status
        or last.changed_at.astimezone(zone).date() != now.astimezone(zone).date()
    ):
        return None
    return last


def booking_may_revert(booking: Booking, *, actor, now: datetime | None = None) -> bool:
    return access.may_revert_status(actor, booking) and bool(
        _revertible_change(booking, now=now or timezone.now())
    )


def booking_status_revert(
    *, booking: Booking, actor, reason: str, now: datetime | None = None
) -> Booking:
    """A manager puts right a status set by mistake, the same local day it was set: the
    booking goes back to the status before, and the correction is in its history."""
    now = now or timezone.now()
    access.require(
        access.may_revert_status(actor, booking),
        actor=actor,
        what="revert status",
        booking=booking,
    )
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise BookingError(f"Say why (at most {REASON_MAX} characters).")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("patient").get(pk=booking.pk)
        last = _revertible_change(booking, now=now)
        if last is None:
            raise TransitionNotAllowed(
                "Only a no-show or a check-in set today can be put right; book again instead."
            )
        booking_status_write(
            booking,
            correction=True,
            to_status=last.from_status,
            by=actor,
            reason=f"Put right: {reason}",
            audit_what="booking status put right",
            audit_detail={"reason": reason},
        )
    return booking


def booking_complete(
    *,
    booking: Booking,
    actor,
    treated_areas: str = "",
    settings_notes: str = "",
    override_reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Mark a checked-in booking completed. For a treatment session, record the session (its
    number in the patient's series) and announce it, which starts the patient's aftercare.

    Other apps may refuse first (signals.booking_completing: consent unsigned); a manager's
    `override_reason` is theirs to weigh and record."""
    if actor is not None:
        # Before the transaction: a refusal's audit row must outlive the rollback.
        access.require(
            access.may_complete(actor, booking), actor=actor, what="complete", booking=booking
        )
    if booking.appointment_type.is_treatment and not treated_areas.strip():
        raise BookingError("Say which areas were treated.")
    with transaction.atomic():
        signals.booking_completing.send(
            sender=Booking,
            booking=booking,
            actor=actor,
            override_reason=" ".join(override_reason.split())[:300],
        )
        booking = booking_transition(
            booking=booking, to_status=Booking.Status.COMPLETED, actor=actor, now=now
        )
        if not booking.appointment_type.is_treatment:
            return booking
        treatment_session_record(
            booking=booking,
            treated_areas=treated_areas.strip()[:300],
            settings_notes=settings_notes.strip(),
            recorded_by=actor,
        )
    return booking


def treatment_session_record(
    *, booking: Booking, treated_areas: str, settings_notes: str, recorded_by
) -> TreatmentSession:
    """The session a completed treatment booking was: numbered in the patient's series and
    announced (aftercare starts its course). Inside the completing transaction."""
    earlier = TreatmentSession.objects.filter(
        patient=booking.patient, treatment=booking.treatment
    ).count()
    session = TreatmentSession.objects.create(
        booking=booking,
        patient=booking.patient,
        treatment=booking.treatment,
        provider=booking.provider,
        performed_on=booking.start.astimezone(selectors.clinic_zone()).date(),
        session_number=earlier + 1,
        treated_areas=treated_areas,
        settings_notes=settings_notes,
        recorded_by=recorded_by,
    )
    signals.treatment_completed.send(sender=Booking, booking=booking, session=session)
    return session


def booking_patient_may_move(*, booking: Booking, now: datetime | None = None) -> bool:
    return not booking_patient_move_refusal(booking=booking, now=now)


def booking_patient_move_refusal(
    *, booking: Booking, now: datetime | None = None, clinic: Clinic | None = None
) -> str:
    """Why the patient may not move `booking` online, in her words ("" when she may). Moving
    online is for what she could book online: appointment types open to online booking, and
    a series' next session she booked from her timeline; a session the desk booked (90
    minutes on the shared device) is moved by the desk. And only before the clinic's window."""
    if booking.status == Booking.Status.CANCELLED:
        return "This appointment was cancelled, so there is nothing to move."
    if booking.status == Booking.Status.COMPLETED:
        return "This appointment has already taken place."
    if not booking.is_movable:
        return "This appointment has already begun, or its time has passed."
    clinic = clinic or Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    if not booking_patient_may_change_at(start=booking.start, now=now, clinic=clinic):
        hours = clinic.cancellation_window_hours if clinic else 24
        return (
            f"It is less than {hours} hours away: from then on, only the clinic can change "
            "it, so that the time can be offered to someone else."
        )
    online = booking.appointment_type.is_bookable_online or booking.source == Booking.Source.ONLINE
    if not online:
        return (
            "It was booked with our front desk, who plan the time on the laser it needs, so "
            "the desk finds it a new time."
        )
    return ""


def booking_patient_may_change(
    *, booking: Booking, now: datetime | None = None, clinic: Clinic | None = None
) -> bool:
    """Whether the patient may still move or cancel online (before the clinic's window)."""
    return booking.is_movable and booking_patient_may_change_at(
        start=booking.start, now=now, clinic=clinic
    )


def booking_patient_may_change_at(
    *, start: datetime, now: datetime | None = None, clinic: Clinic | None = None
) -> bool:
    """Whether an appointment at `start` is still outside the clinic's cancellation window.
    `clinic` saves the lookup when the caller already holds it (a sweep of thousands)."""
    now = now or timezone.now()
    clinic = clinic or Clinic.objects.filter(pk=Clinic.SINGLETON_ID).first()
    hours = clinic.cancellation_window_hours if clinic else 24
    return start - now >= timedelta(hours=hours)


def booking_details_resend(*, booking: Booking) -> None:
    """Send the booking's confirmation (with its link) again, to the patient's own email or
    phone on the record: how a patient who booked twice by mistake finds the first booking,
    without the page showing anyone its link."""
    signals.booking_details_requested.send(sender=Booking, booking=booking)

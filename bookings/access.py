"""Who on the staff may see or do what: the one home for the clinic's role table.

| what                                               | front desk | provider     | manager |
|----------------------------------------------------|------------|--------------|---------|
| day and week schedule                              | everyone's | own column   | all     |
| a booking's page                                   | any        | own bookings | any     |
| book by phone, move, cancel, resend reminders      | yes        | no           | yes     |
| check in (on the appointment's local day)          | yes        | own bookings | yes     |
| mark a no-show (once the appointment has started)  | yes        | no           | yes     |
| complete a consultation or treatment               | no         | own bookings | yes     |
| clinical notes and treatment settings              | no         | own patients | yes     |
| time off                                           | yes        | no           | yes     |
| working hours, booking outside working hours       | no         | no           | yes     |
| find patients, a patient's record, concerns        | all        | own patients | all     |
| edit a patient's contact details                   | yes        | no           | yes     |
| merge patients, revert a status, reports, audit    | no         | no           | yes     |
| complete a treatment, its consent unsigned (reason)| no         | no           | yes     |
| sign off a colleague's treatment chart             | no         | no           | yes     |

A provider's own patients are those ever booked with them. The roles are Django groups made of
the permissions in Booking.Meta (bookings/roles.py); this module adds what a permission cannot
say (whose booking it is, which day it is). Services call `require()` and refuse; views and
templates ask the same functions (or `booking_flags()`) to decide what to show. Every refusal
writes an audit row.
"""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from .audit import audit_record
from .models import AuditEntry, Booking, Patient, Provider, TimeOff

User = AbstractBaseUser | AnonymousUser


class AccessDenied(PermissionDenied):
    """What the acting user's role does not allow; `str()` is safe to show them."""


def _can(user: User, codename: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(f"bookings.{codename}"))


def _is_providers_own(user: User, booking: Booking) -> bool:
    return booking.provider.user_id is not None and booking.provider.user_id == user.pk


# -- what one may see ---------------------------------------------------------------------


def providers_visible_to(user: User) -> QuerySet[Provider]:
    """Everyone for the front desk and managers; a provider sees their own column."""
    providers = Provider.objects.filter(is_active=True)
    if _can(user, "view_all_schedules"):
        return providers
    if not _can(user, "view_schedule"):
        return providers.none()
    return providers.filter(user=user)


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    if _can(user, "view_all_schedules"):
        return Booking.objects.all()
    if not _can(user, "view_schedule"):
        return Booking.objects.none()
    return Booking.objects.filter(provider__user=user)


def may_see_all_patients(user: User) -> bool:
    return _can(user, "view_all_patients")


def patients_visible_to(user: User) -> QuerySet[Patient]:
    if _can(user, "view_all_patients"):
        return Patient.objects.all()
    if not _can(user, "view_patients"):
        return Patient.objects.none()
    # EXISTS rather than a join and DISTINCT: one probe of the patient's bookings per row.
    theirs = Booking.objects.filter(patient=OuterRef("pk"), provider__user=user)
    return Patient.objects.filter(Exists(theirs))


def may_see_booking(user: User, booking: Booking) -> bool:
    if _can(user, "view_all_schedules"):
        return True
    return _can(user, "view_schedule") and _is_providers_own(user, booking)


def may_see_patient(user: User, patient: Patient) -> bool:
    if _can(user, "view_all_patients"):
        return True
    return patients_visible_to(user).filter(pk=patient.pk).exists()


def may_read_clinical(user: User) -> bool:
    """Clinical notes and treatment settings, on patients the user may see at all."""
    return _can(user, "view_clinical_notes")


def may_read_clinical_record(user: User, patient: Patient) -> bool:
    """A patient's clinical record (charts, photos, medical history): managers, and providers
    for their own patients, whichever colleague saw them (continuity of care)."""
    return may_read_clinical(user) and may_see_patient(user, patient)


# -- what one may do to a booking ---------------------------------------------------------


def may_book(user: User) -> bool:
    """Book by phone, move and cancel for patients."""
    return _can(user, "book_by_phone")


def may_book_outside_hours(user: User) -> bool:
    return _can(user, "book_outside_hours")


def may_check_in(user: User, booking: Booking) -> bool:
    return _can(user, "change_booking_status") and (
        _can(user, "view_all_schedules") or _is_providers_own(user, booking)
    )


def may_complete(user: User, booking: Booking) -> bool:
    """Completing records clinical facts (and unlocks laser sessions): never the desk."""
    return _can(user, "complete_booking") and (
        _can(user, "view_all_schedules") or _is_providers_own(user, booking)
    )


def may_complete_unsigned(user: User, booking: Booking) -> bool:
    """Complete a treatment whose consent is not signed, giving a reason (a manager's call:
    the form was signed on paper, say)."""
    return may_complete(user, booking) and _can(user, "complete_unsigned")


def may_cancel(user: User, booking: Booking) -> bool:
    return may_book(user)


def may_mark_no_show(user: User, booking: Booking) -> bool:
    return may_book(user)


def may_move(user: User, booking: Booking) -> bool:
    return may_book(user)


def may_revert_status(user: User, booking: Booking) -> bool:
    return _can(user, "revert_booking_status")


def may_transition(user: User, booking: Booking, to_status: str) -> bool:
    """The role half of a status change; the booking's own rules (the allowed moves, the day)
    live in services.booking_transition."""
    checks = {
        Booking.Status.CONFIRMED: lambda: may_book(user),
        Booking.Status.CHECKED_IN: lambda: may_check_in(user, booking),
        Booking.Status.COMPLETED: lambda: may_complete(user, booking),
        Booking.Status.CANCELLED: lambda: may_cancel(user, booking),
        Booking.Status.NO_SHOW: lambda: may_mark_no_show(user, booking),
    }
    return to_status in checks and checks[to_status]()


# -- everything else ------------------------------------------------------------------------


def may_manage_time_off(user: User) -> bool:
    return _can(user, "manage_time_off")


def may_edit_hours(user: User) -> bool:
    return _can(user, "edit_working_hours")


def may_edit_patient(user: User, patient: Patient | None = None) -> bool:
    return _can(user, "edit_patients")


def may_merge_patients(user: User) -> bool:
    return _can(user, "merge_patients")


def may_export_or_erase_patient(user: User) -> bool:
    """A copy of everything, or erasure, at the patient's request: managers (who may merge)."""
    return _can(user, "merge_patients")


def may_handle_reminders(user: User) -> bool:
    return may_book(user)


def may_view_reports(user: User) -> bool:
    return _can(user, "view_reports")


def may_view_audit(user: User) -> bool:
    return _can(user, "view_audit_log")


# -- refusing ---------------------------------------------------------------------------------


def require(
    allowed: bool,
    *,
    actor: User,
    what: str,
    patient: Patient | None = None,
    booking: Booking | None = None,
    message: str = "Your role does not allow that.",
) -> None:
    """Refuse (403) and record the refusal unless `allowed`."""
    if allowed:
        return
    refusal_record(actor=actor, what=what, patient=patient, booking=booking)
    raise AccessDenied(message)


def refusal_record(
    *, actor: User, what: str, patient: Patient | None = None, booking: Booking | None = None
) -> None:
    audit_record(
        actor=actor, action=AuditEntry.Action.DENIED, what=what, patient=patient, booking=booking
    )


def booking_for(
    user: User,
    public_id,
    *,
    what: str = "booking page",
    may_see: Callable[[User, Booking], bool] = may_see_booking,
) -> Booking:
    """The booking `user` asked for by its id: 404 if there is none, 403 (recorded) if
    `may_see` says no; by default, if it is another provider's. A page of a session's clinical
    record passes its own rule (a provider's own patients, whichever colleague saw them)."""
    booking = (
        Booking.objects.select_related(
            "patient", "provider", "appointment_type", "treatment", "resource"
        )
        .filter(public_id=public_id)
        .first()
    )
    if booking is None:
        raise Http404("No such booking.")
    require(may_see(user, booking), actor=user, what=what, booking=booking)
    return booking


def patient_for(user: User, public_id, *, what: str = "patient page") -> Patient:
    patient = Patient.objects.filter(public_id=public_id).first()
    if patient is None:
        raise Http404("No such patient.")
    require(may_see_patient(user, patient), actor=user, what=what, patient=patient)
    return patient


def time_off_for(user: User, time_off_id: int) -> TimeOff:
    time_off = TimeOff.objects.select_related("provider").filter(pk=time_off_id).first()
    if time_off is None:
        raise Http404("No such time off.")
    require(may_manage_time_off(user), actor=user, what="time off")
    return time_off


# -- ready-made flags for templates ---------------------------------------------------------


def booking_flags(user: User, booking: Booking) -> dict[str, bool]:
    return {
        "may_check_in": may_check_in(user, booking),
        "may_complete": may_complete(user, booking),
        "may_complete_unsigned": may_complete_unsigned(user, booking),
        "may_cancel": may_cancel(user, booking),
        "may_mark_no_show": may_mark_no_show(user, booking),
        "may_move": may_move(user, booking),
        "may_revert": may_revert_status(user, booking),
        "clinical": may_read_clinical(user),
        "may_edit_patient": may_edit_patient(user, booking.patient),
    }


def staff_flags(user: User) -> dict[str, bool]:
    """What the staff menu and pages may offer this user."""
    return {
        "may_view_schedule": _can(user, "view_schedule"),
        "may_book": may_book(user),
        "may_view_patients": _can(user, "view_patients"),
        "may_manage_time_off": may_manage_time_off(user),
        "may_edit_hours": may_edit_hours(user),
        "may_view_reports": may_view_reports(user),
        "may_view_audit": may_view_audit(user),
        "may_merge_patients": may_merge_patients(user),
    }

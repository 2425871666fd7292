"""Who may see or write a treatment chart: the one home of charting's rules, built on
bookings/access.py (whose role table says "clinical notes and treatment settings: no / own
patients / yes"; reading rests on its `may_read_clinical_record`, the clinic's one rule for
reading any part of a patient's clinical record).

| what                                                        | desk | provider     | manager |
|-------------------------------------------------------------|------|--------------|---------|
| that a chart exists, its status, who signed it off          | yes  | own bookings | yes     |
| read a chart: its page, the side by side, and last time's   | no   | own patients | yes     |
|   chart a new one carries forward (any colleague's session) |      |              |         |
| read what a draft says (anyone else who reads the patient's | no   | own bookings | yes     |
|   charts sees only "draft in progress by X")                |      |              |         |
| write a draft, add an addendum                              | no   | own bookings | yes     |
| sign a chart off                                            | no   | own bookings | yes     |

"Own patients" are those ever booked with the provider (bookings/access.py). Only a session
that may hold a clinical record is charted (`Booking.may_hold_clinical_record`: a treatment
confirmed, checked in or completed; never a request not yet confirmed, a cancellation or a
no-show). Writing and signing off differ for a user who sees every booking without being a
manager (a provider who also works the front desk): they may save a draft on a colleague's
session, but only the session's own provider or a manager signs it off.

Services call `require()` (an audited 403); views and templates ask the same functions to
decide what to show.
"""

from collections.abc import Callable

from bookings import access
from bookings.access import User, require  # noqa: F401  (the one refusal, re-exported)
from bookings.models import Booking, Patient


def may_see_chart_status(user: User, booking: Booking) -> bool:
    """The desk may know that a record exists ("signed off 3 Dec by Dana"), never what it
    says."""
    return booking.is_treatment and access.may_see_booking(user, booking)


def may_read_charts(user: User, patient: Patient) -> bool:
    """A patient's charts (their page, the side by side, last time's chart)."""
    return access.may_read_clinical_record(user, patient)


def may_read_chart(user: User, booking: Booking) -> bool:
    """The chart of one session, whichever colleague saw the patient."""
    return booking.is_treatment and may_read_charts(user, booking.patient)


def may_read_draft(user: User, booking: Booking) -> bool:
    """A draft is its author's work in progress: read by those who write it (the session's
    provider, a manager); other readers learn only that it is in progress, and by whom."""
    # The booking first: it asks nothing of the database.
    return access.may_see_booking(user, booking) and may_read_chart(user, booking)


def drafts_readable(user: User, patient: Patient) -> Callable[[Booking], bool]:
    """may_read_draft for the many sessions of one patient (the side by side): the patient is
    asked about once, not once a session."""
    if not may_read_charts(user, patient):
        return lambda booking: False
    return lambda booking: booking.is_treatment and access.may_see_booking(user, booking)


def may_write_chart(user: User, booking: Booking) -> bool:
    """Write the draft or add an addendum: a reader of the patient's charts who may see the
    session itself (a provider's own, a manager's any), on a session that may hold a
    clinical record."""
    return booking.may_hold_clinical_record and may_read_draft(user, booking)


def may_sign_off_chart(user: User, booking: Booking) -> bool:
    """Only the session's own provider, or a manager: a signature says "I treated, or I
    answer for, this session". Seeing every booking (the desk's view) is not enough; a
    manager holds the manager-only `sign_off_any_chart` permission."""
    if not may_write_chart(user, booking):
        return False
    own = booking.provider.user_id is not None and booking.provider.user_id == user.pk
    return own or user.has_perm("charting.sign_off_any_chart")


# A chart says what was done in a session: it is signed off once the patient has arrived,
# never for a visit still ahead (a cancelled or missed one has no chart at all).
SIGNABLE_STATUSES = (Booking.Status.CHECKED_IN, Booking.Status.COMPLETED)


def session_signable(status: str) -> bool:
    return status in SIGNABLE_STATUSES


def chart_flags(user: User, booking: Booking) -> dict[str, bool]:
    return {
        "may_see_status": may_see_chart_status(user, booking),
        "may_see_booking": access.may_see_booking(user, booking),
        "may_read": may_read_chart(user, booking),
        "may_read_draft": may_read_draft(user, booking),
        "may_write": may_write_chart(user, booking),
        "may_sign_off": may_sign_off_chart(user, booking),
        "signable": session_signable(booking.status),
    }

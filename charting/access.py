"""Who may see or write a treatment chart: the one home of charting's rules, built on
bookings/access.py (whose role table says "clinical notes and treatment settings: no / own
patients / yes").

| what                                             | front desk  | provider            | manager |
|--------------------------------------------------|-------------|---------------------|---------|
| that a chart exists, its status, who signed off  | yes         | own bookings        | yes     |
| read a chart (and a patient's series side by side) | no        | own patients        | yes     |
| write a draft chart, add an addendum             | no          | own bookings        | yes     |
| sign a chart off                                 | no          | own bookings        | yes     |

Services call `require()` (an audited 403); views and templates ask the same functions to
decide what to show.
"""

from bookings import access
from bookings.access import User, require  # noqa: F401  (the one refusal, re-exported)
from bookings.models import Booking, Patient


def may_see_chart_status(user: User, booking: Booking) -> bool:
    """The desk may know that a record exists ("signed off 3 Dec by Dana"), never what it
    says."""
    return booking.is_treatment and access.may_see_booking(user, booking)


def may_read_charts(user: User, patient: Patient) -> bool:
    return access.may_read_clinical(user) and access.may_see_patient(user, patient)


def may_read_chart(user: User, booking: Booking) -> bool:
    return (
        booking.is_treatment
        and access.may_read_clinical(user)
        and access.may_see_booking(user, booking)
    )


def may_write_chart(user: User, booking: Booking) -> bool:
    """Write the draft or add an addendum: clinical staff on a session they may see (a
    provider's own, a manager's any), never a cancelled or missed one."""
    return may_read_chart(user, booking) and booking.is_live


def may_sign_off_chart(user: User, booking: Booking) -> bool:
    """The session's own provider, or a manager (who sees every patient)."""
    if not may_write_chart(user, booking):
        return False
    own = booking.provider.user_id is not None and booking.provider.user_id == user.pk
    return own or access.may_see_all_patients(user)


def chart_flags(user: User, booking: Booking) -> dict[str, bool]:
    return {
        "may_see_status": may_see_chart_status(user, booking),
        "may_read": may_read_chart(user, booking),
        "may_write": may_write_chart(user, booking),
        "may_sign_off": may_sign_off_chart(user, booking),
    }

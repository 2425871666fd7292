"""Who on the staff may do what with forms, on top of bookings/access.py's role table:

| what                                               | front desk | provider     | manager |
|----------------------------------------------------|------------|--------------|---------|
| see which forms are signed (grid, booking, patient)| yes        | own patients | yes     |
| send forms again, hand the clinic tablet over      | yes        | own patients | yes     |
| read a signed consent form                         | yes        | own patients | yes     |
| read a signed medical history (health answers)     | no         | own patients | yes     |

The services refuse (access.require writes the refusal's audit row); pages ask the same.
"""

from bookings import access
from bookings.models import Booking

from .models import FormKind, FormSubmission

User = access.User


def may_handle_forms(user: User, booking: Booking) -> bool:
    """Send the link again or hand the tablet over: for a booking still on."""
    return booking.is_live and access.may_see_booking(user, booking)


def may_read_kind(user: User, kind: str) -> bool:
    """A signed consent is for anyone who may see the patient; a medical history holds
    health answers, for clinical roles only. `kind` is the signed version's, never the
    template's (which a manager may edit)."""
    return kind == FormKind.CONSENT or access.may_read_clinical(user)


def may_read_submission(user: User, submission: FormSubmission) -> bool:
    return access.may_see_patient(user, submission.patient) and may_read_kind(
        user, submission.version.kind
    )

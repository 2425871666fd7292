"""Clinical photos on the staff booking and patient pages (registered with bookings' panel
registry). Providers and managers see the photos; the front desk sees how many there are."""

from django.http import HttpRequest

from bookings.models import Booking, Patient
from bookings.staff import panels

from . import access, selectors
from .staff_views import upload_context


def booking_panel(request: HttpRequest, booking: Booking) -> panels.Panel | None:
    if not booking.is_treatment:
        return None
    user = request.user
    if not access.may_see_photos(user, booking.patient):
        count = selectors.photos_count_for_booking(booking)
        return panels.Panel("photos/staff/count_panel.html", {"count": count})
    may_take = access.may_take_photos(user, booking) and access.session_takes_photos(booking)
    consented = may_take and access.may_photograph(booking.patient)
    context = {
        "booking": booking,
        "photos": selectors.session_photos(booking),
        "may_take": may_take,
        "consented": consented,
        "no_consent": access.NO_CONSENT,
        "next": "booking",
    }
    if consented:
        context |= upload_context(request, booking)
    return panels.Panel("photos/staff/booking_panel.html", context)


def patient_panel(request: HttpRequest, patient: Patient) -> panels.Panel | None:
    """The patient's photos, session by session: one query however long their history."""
    if not access.may_see_photos(request.user, patient):
        count = selectors.photos_count(patient)
        return panels.Panel("photos/staff/count_panel.html", {"count": count}) if count else None
    return panels.Panel(
        "photos/staff/patient_panel.html",
        {"patient": patient, "sessions": selectors.photos_by_session(patient)},
    )


panels.register(booking=booking_panel, patient=patient_panel)

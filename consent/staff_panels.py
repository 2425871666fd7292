"""Forms on the staff pages (registered with bookings' panel registry): what a booking needs
signed and the tablet hand-over on its page, every form on the patient's page, and the
consent's state on the booking's block in the grid."""

from django.http import HttpRequest

from bookings import access
from bookings.models import Booking, Patient
from bookings.staff import panels

from . import selectors
from .access import may_handle_forms, may_read_kind
from .models import FormKind, FormSubmission, FormTemplate

TAG_CSS = {
    selectors.SIGNED: "sched-form-signed",
    selectors.SENT: "sched-form-waiting",
    selectors.MISSING: "sched-form-waiting",
    selectors.EXPIRED: "sched-form-waiting",
}


def booking_panel(request: HttpRequest, booking: Booking) -> panels.Panel | None:
    if not booking.appointment_type.is_treatment:
        return None
    states = selectors.booking_form_states(booking)
    if not states:
        return None
    clinical = access.may_read_clinical(request.user)
    intake, flags = selectors.latest_intake_flags(booking.patient) if clinical else (None, [])
    for state in states:
        state.readable = state.submission is not None and may_read_kind(
            request.user, state.submission.version.kind
        )
    return panels.Panel(
        "consent/_booking_panel.html",
        {
            "states": states,
            "may_handle": may_handle_forms(request.user, booking) and booking.is_live,
            "any_unsigned": any(not s.is_signed for s in states),
            "intake": intake,
            "intake_flags": flags,
        },
    )


def patient_panel(request: HttpRequest, patient: Patient) -> panels.Panel | None:
    templates = list(FormTemplate.objects.filter(is_active=True).select_related("treatment"))
    states = selectors.form_states(patient, templates)
    history = list(
        FormSubmission.objects.filter(patient=patient)
        .select_related("version__template")
        .defer("rendered_text", "signature_png", "answers")
    )
    for submission in history:
        submission.readable = may_read_kind(request.user, submission.version.kind)
    return panels.Panel(
        "consent/_patient_panel.html",
        {
            # A consent not yet needed (never booked, never signed) is not news.
            "states": [
                s
                for s in states
                if s.template.kind == FormKind.INTAKE or s.state != selectors.MISSING
            ],
            "history": history,
        },
    )


def grid_tags(bookings: list[Booking]) -> dict[int, list[panels.Tag]]:
    found = {}
    # A cancelled or missed visit needs no forms: its faint block says nothing about them.
    live = [booking for booking in bookings if booking.is_live]
    for booking_id, states in selectors.bookings_form_states(live).items():
        consent = selectors.consent_state(states)
        if consent is None:
            continue
        others = ", ".join(f"{s.template.title}: {s.label.lower()}" for s in states)
        found[booking_id] = [
            panels.Tag(f"Consent {consent.label.lower()}", TAG_CSS[consent.state], title=others)
        ]
    return found


panels.register(booking=booking_panel, patient=patient_panel, tags=grid_tags)

"""The outbox on the staff pages: the dashboard's figures and failures, the messages a
patient was sent, and the menu entry (registered with bookings' panel registry)."""

from django.http import HttpRequest

from bookings import access
from bookings.staff import panels

from . import selectors
from .models import Message


def dashboard_panel(request: HttpRequest) -> panels.Panel:
    failures = (
        selectors.messages_visible_to(request.user)
        .filter(status=Message.Status.FAILED)
        .order_by("due_at", "id")[:20]
    )
    return panels.Panel(
        "outbox/staff/dashboard_panel.html",
        {"figures": selectors.outbox_figures(request.user), "failures": failures},
    )


def patient_panel(request: HttpRequest, patient) -> panels.Panel:
    return panels.Panel(
        "outbox/staff/patient_panel.html",
        {
            "messages": list(
                Message.objects.filter(patient=patient)
                .select_related("booking")
                .order_by("-created_at", "-id")[:15]
            ),
            "may_resend": access.may_handle_reminders(request.user),
        },
    )


panels.register(
    dashboard=dashboard_panel,
    patient=patient_panel,
    nav=("Messages", "staff_outbox:messages", "view_patients"),
)
panels.register(
    nav=("Texts", "staff_outbox:texts", "view_patients"),
    badge=lambda request: selectors.texts_open_count(request.user),
)

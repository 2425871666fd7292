"""Staff actions on aftercare: resend or cancel a reminder, resolve a check-in message."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookings.audit import audit_record
from bookings.staff.access import staff_view
from bookings.staff.visibility import patient_visible_check, patients_visible_to

from . import services
from .models import CheckInMessage, Reminder


def _back(reminder_or_message) -> HttpResponse:
    return redirect("staff:patient", patient_id=reminder_or_message.patient.public_id)


def _reminder_action(request: HttpRequest, reminder_id: int, action, what: str, done: str):
    reminder = get_object_or_404(Reminder.objects.select_related("patient"), pk=reminder_id)
    patient_visible_check(request.user, reminder.patient)
    try:
        action(reminder=reminder)
    except services.AftercareError as error:
        messages.error(request, str(error))
    else:
        audit_record(request=request, action="change", what=what, patient=reminder.patient)
        messages.success(request, done)
    return _back(reminder)


@staff_view("book_by_phone")
@require_POST
def reminder_resend(request: HttpRequest, reminder_id: int) -> HttpResponse:
    return _reminder_action(request, reminder_id, services.reminder_resend, "reminder resent",
                            "The reminder goes out again within a minute.")  # fmt: skip


@staff_view("book_by_phone")
@require_POST
def reminder_cancel(request: HttpRequest, reminder_id: int) -> HttpResponse:
    return _reminder_action(request, reminder_id, services.reminder_cancel, "reminder cancelled",
                            "Reminder cancelled.")  # fmt: skip


@staff_view("view_patients")
@require_POST
def check_in_resolve(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(CheckInMessage.objects.select_related("patient"), pk=message_id)
    patient_visible_check(request.user, message.patient)
    services.check_in_resolve(message=message, by=request.user)
    audit_record(request=request, action="change", what="check-in resolved",
                 patient=message.patient)  # fmt: skip
    messages.success(request, "Marked as handled.")
    if request.POST.get("next") in ("dashboard", "queue"):
        return redirect("staff:dashboard" if request.POST["next"] == "dashboard"
                        else "staff_aftercare:queue")  # fmt: skip
    return _back(message)


@staff_view("view_patients")
def check_in_queue(request: HttpRequest) -> HttpResponse:
    """The front desk's queue of open "something doesn't look right" messages."""
    open_messages = list(
        CheckInMessage.objects.filter(resolved_at__isnull=True)
        .select_related("patient", "course__treatment").order_by("created_at")
    )  # fmt: skip
    visible = patients_visible_to(request.user)
    if not request.user.has_perm("bookings.view_all_patients"):
        allowed = set(visible.filter(pk__in=[m.patient_id for m in open_messages])
                      .values_list("pk", flat=True))  # fmt: skip
        open_messages = [m for m in open_messages if m.patient_id in allowed]
    for message in open_messages:
        audit_record(request=request, action="view", what="check-in queue",
                     patient=message.patient)  # fmt: skip
    return render(request, "aftercare/staff/check_ins.html", {"open_messages": open_messages})

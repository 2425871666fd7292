"""Staff actions on aftercare: resend or cancel a reminder, handle a concern ("something
doesn't look right"). Who may do what is bookings/access.py's; the services refuse."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookings import access
from bookings.audit import audit_view
from bookings.staff.access import staff_view

from . import services
from .models import CheckInMessage, Reminder


class NextForm(forms.Form):
    next = forms.ChoiceField(
        choices=[("dashboard", "dashboard"), ("queue", "queue")], required=False
    )


def _back(reminder_or_message) -> HttpResponse:
    return redirect("staff:patient", patient_id=reminder_or_message.patient.public_id)


def _reminder_action(request: HttpRequest, reminder_id: int, action, done: str):
    reminder = get_object_or_404(Reminder.objects.select_related("patient"), pk=reminder_id)
    try:
        action(reminder=reminder, actor=request.user)
    except services.AftercareError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(reminder)


@staff_view("book_by_phone")
@require_POST
def reminder_resend(request: HttpRequest, reminder_id: int) -> HttpResponse:
    done = "The reminder goes out again within a minute."
    return _reminder_action(request, reminder_id, services.reminder_resend, done)


@staff_view("book_by_phone")
@require_POST
def reminder_cancel(request: HttpRequest, reminder_id: int) -> HttpResponse:
    return _reminder_action(request, reminder_id, services.reminder_cancel, "Reminder cancelled.")


@staff_view("view_patients")
@require_POST
def check_in_resolve(request: HttpRequest, concern_id: int) -> HttpResponse:
    message = get_object_or_404(CheckInMessage.objects.select_related("patient"), pk=concern_id)
    services.check_in_resolve(message=message, actor=request.user)
    messages.success(request, "Marked as handled.")
    form = NextForm(request.POST)
    target = form.cleaned_data["next"] if form.is_valid() else ""
    if target == "dashboard":
        return redirect("staff:dashboard")
    if target == "queue":
        return redirect("staff_aftercare:queue")
    return _back(message)


@staff_view("view_patients")
def check_in_queue(request: HttpRequest) -> HttpResponse:
    """The front desk's queue of open "something doesn't look right" messages: one audit row
    for the page, naming how many patients' messages it showed."""
    open_messages = list(
        CheckInMessage.objects.filter(
            resolved_at__isnull=True, patient__in=access.patients_visible_to(request.user)
        )
        .select_related("patient", "course__treatment")
        .order_by("created_at")
    )
    audit_view(
        request,
        what="concerns queue",
        detail={
            "messages shown": len(open_messages),
            "patients": sorted({m.patient.full_name for m in open_messages}),
        },
    )
    return render(request, "aftercare/staff/check_ins.html", {"open_messages": open_messages})

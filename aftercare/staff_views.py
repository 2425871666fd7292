"""Staff actions on aftercare: resend or cancel a reminder, read and answer a concern
("something doesn't look right"). Who may do what is bookings/access.py's; the services
refuse."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookings import access
from bookings.audit import audit_view
from bookings.staff.access import staff_view

from . import services
from .forms import ConcernHandleForm
from .models import Concern, Reminder
from .selectors import concerns_open


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


def _concern_for(request: HttpRequest, concern_id) -> Concern:
    concern = get_object_or_404(
        Concern.objects.select_related("patient", "course__treatment", "resolved_by"),
        public_id=concern_id,
    )
    access.require(
        access.may_see_patient(request.user, concern.patient),
        actor=request.user,
        what="concern",
        patient=concern.patient,
    )
    return concern


@staff_view("view_patients")
def concern_detail(request: HttpRequest, concern_id) -> HttpResponse:
    concern = _concern_for(request, concern_id)
    form = ConcernHandleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            handled = services.concern_handle(
                concern=concern, actor=request.user, note=data["note"], is_reply=data["is_reply"]
            )
            if handled:
                messages.success(request, "Answered." if data["is_reply"] else "Marked handled.")
            else:
                messages.info(request, "Someone else handled it a moment ago.")
            return redirect("staff_aftercare:queue")
    else:
        audit_view(request, what="concern", patient=concern.patient)
    return render(
        request,
        "aftercare/staff/concern.html",
        {"concern": concern, "form": form},
        status=400 if form.errors else 200,
    )


@staff_view("view_patients")
def concern_photo(request: HttpRequest, concern_id) -> HttpResponse:
    """The photo, to staff who may see the patient only, each look audited; never cached."""
    concern = _concern_for(request, concern_id)
    if not concern.photo:
        raise Http404("No photo")
    audit_view(request, what="concern photo", patient=concern.patient)
    response = FileResponse(concern.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view("view_patients")
def concern_queue(request: HttpRequest) -> HttpResponse:
    """The front desk's queue of open concerns, urgent first, then oldest first: one audit
    row for the page, naming how many patients' messages it showed."""
    open_concerns = concerns_open(request.user)
    audit_view(
        request,
        what="concerns queue",
        detail={
            "messages shown": len(open_concerns),
            "patients": sorted({m.patient.full_name for m in open_concerns}),
        },
    )
    return render(request, "aftercare/staff/concerns.html", {"open_concerns": open_concerns})

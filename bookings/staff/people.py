"""Patients: search, and the patient's record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..audit import audit_record
from ..models import Patient
from ..screening import screening_summary
from ..selectors.series import patient_series
from .access import staff_view
from .forms import NoteForm, PatientSearchForm
from .panels import patient_panels
from .visibility import patient_search, patient_visible_check


@staff_view("view_patients")
def patients(request: HttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET or None)
    query = form.data.get("q", "") if form.is_bound else ""
    matches = patient_search(request.user, query)
    if matches:
        audit_record(request=request, action="view", what="patient search",
                     detail={"query": query[:100], "found": len(matches)})  # fmt: skip
    return render(
        request, "staff/patients.html", {"form": form, "query": query, "matches": matches}
    )


@staff_view("view_patients")
def patient_detail(request: HttpRequest, patient_id) -> HttpResponse:
    patient = get_object_or_404(Patient, public_id=patient_id)
    patient_visible_check(request.user, patient)
    clinical = request.user.has_perm("bookings.view_clinical_notes")
    bookings = list(
        patient.bookings.select_related("provider", "appointment_type", "treatment").order_by(
            "-start"
        )
    )
    notes = patient.notes.select_related("author", "booking")
    if not clinical:
        notes = notes.filter(is_clinical=False)
    audit_record(request=request, action="view", what="patient page", patient=patient)
    return render(
        request,
        "staff/patient.html",
        {
            "patient": patient,
            "bookings": bookings,
            "series": patient_series(patient=patient),
            "answers": [
                (b, screening_summary(b.intake_answers), b.intake_flags)
                for b in bookings
                if b.intake_answers
            ],
            "notes": notes,
            "note_form": NoteForm(),
            "clinical": clinical,
            "extra_panels": patient_panels(request, patient),
        },
    )


@staff_view("view_patients")
@require_POST
def patient_note(request: HttpRequest, patient_id) -> HttpResponse:
    patient = get_object_or_404(Patient, public_id=patient_id)
    patient_visible_check(request.user, patient)
    form = NoteForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["is_clinical"] and not request.user.has_perm(
            "bookings.view_clinical_notes"
        ):
            raise PermissionDenied
        services.note_add(
            patient=patient, author=request.user, text=form.cleaned_data["text"],
            is_clinical=form.cleaned_data["is_clinical"],
        )  # fmt: skip
        audit_record(request=request, action="create", what="note", patient=patient)
        messages.success(request, "Note added.")
    else:
        messages.error(request, "A note needs some text (at most 4,000 characters).")
    return redirect("staff:patient", patient_id=patient.public_id)


@staff_view("book_by_phone")
@require_POST
def patient_reminders(request: HttpRequest, patient_id) -> HttpResponse:
    patient = get_object_or_404(Patient, public_id=patient_id)
    consent = request.POST.get("consent") == "on"
    services.patient_reminders_set(patient=patient, consent=consent)
    audit_record(request=request, action="change", what="reminder consent", patient=patient,
                 detail={"consent": consent})  # fmt: skip
    messages.success(request, "Reminder emails on." if consent else "Reminder emails off.")
    return redirect("staff:patient", patient_id=patient.public_id)

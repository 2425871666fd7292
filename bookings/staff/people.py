"""Patients: search, the patient's record, correcting details, merging duplicates."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import access, preferences, services
from ..audit import audit_view
from ..forms import MessagePreferencesForm
from ..models import Patient, PatientUpdate
from ..screening import screening_summary
from ..selectors.patients import patient_search, patients_at_a_glance
from ..selectors.series import patient_series
from ..services.patients import patient_merge_refusal
from .access import staff_view
from .forms import (
    BROKEN_RECORD_LINK,
    NoteForm,
    PatientDetailsForm,
    PatientEraseForm,
    PatientMergeForm,
    PatientMergeQueryForm,
    PatientSearchForm,
    PatientUpdateForm,
)
from .panels import patient_panels


@staff_view("view_patients")
def patients(request: HttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    matches = patient_search(request.user, query) if query else []
    if matches:
        audit_view(request, what="patient search", detail={"query": query, "found": len(matches)})
    status = 200 if form.is_valid() else 400
    return render(
        request,
        "staff/patients.html",
        {"form": form, "query": query, "matches": matches},
        status=status,
    )


@staff_view("view_patients")
def patient_detail(request: HttpRequest, patient_id) -> HttpResponse:
    patient = access.patient_for(request.user, patient_id)
    clinical = access.may_read_clinical(request.user)
    bookings = list(
        patient.bookings.select_related("provider", "appointment_type", "treatment").order_by(
            "-start"
        )
    )
    for booking in bookings:
        # A provider sees the patient's bookings with colleagues too, but opens only their own:
        # no link to a page that would refuse them.
        booking.may_open = access.may_see_booking(request.user, booking)
    notes = patient.notes.select_related("author", "booking")
    if not clinical:
        notes = notes.filter(is_clinical=False)
    audit_view(request, what="patient page", patient=patient)
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
            "message_preferences": [
                (kind, preferences.patient_wants(patient, kind)) for kind in preferences.KINDS
            ],
            "preferences_form": MessagePreferencesForm.for_patient(patient),
            "clinical": clinical,
            "may_edit_patient": access.may_edit_patient(request.user, patient),
            "may_merge": access.may_merge_patients(request.user),
            "may_export": access.may_export_or_erase_patient(request.user),
            "pending_updates": list(patient.pending_updates.filter(resolved_at__isnull=True)),
            "may_view_audit": access.may_view_audit(request.user),
            "may_book": access.may_book(request.user),
            "merged_records": list(patient.merged_records.all()),
            "likely_duplicates": [
                other
                for other in services.patient_duplicates_likely(
                    first_name=patient.first_name, last_name=patient.last_name, phone=patient.phone
                )
                if other.pk != patient.pk
            ],
            "now": timezone.now(),
            "extra_panels": patient_panels(request, patient),
        },
    )


@staff_view("edit_patients")
def patient_edit(request: HttpRequest, patient_id) -> HttpResponse:
    patient = access.patient_for(request.user, patient_id, what="patient, to edit")
    form = PatientDetailsForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.patient_update(actor=request.user, patient=patient, **changes)
        except services.BookingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Details saved." if changes else "Nothing was changed.")
            return redirect("staff:patient", patient_id=patient.public_id)
    if request.method == "GET":
        audit_view(request, what="patient, to edit", patient=patient)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "staff/patient_edit.html", {"patient": patient, "form": form}, status=status
    )


NO_SUCH_DUPLICATE = "There is no such record among the patients you may open. Search again."


def _duplicate_pick(request: HttpRequest, keep: Patient, form) -> tuple[Patient | None, str]:
    """The record picked as the duplicate, by a result's link (GET) or the confirming form
    (POST), so perhaps a stale or edited one; and why it cannot be merged into `keep` (""
    if it can, or if none was picked yet): a message on the merge page, never an error page."""
    if form.errors.get("duplicate"):
        return None, BROKEN_RECORD_LINK
    public_id = form.cleaned_data.get("duplicate")
    if not public_id:
        return None, ""
    duplicate = Patient.objects.filter(public_id=public_id).first()
    if duplicate is not None and not access.may_see_patient(request.user, duplicate):
        # Recorded like any refusal, but answered as if there were no such record: the page
        # must not tell which ids belong to patients the user may not open.
        access.refusal_record(actor=request.user, what="patient, to merge", patient=duplicate)
        duplicate = None
    if duplicate is None:
        return None, NO_SUCH_DUPLICATE
    return duplicate, patient_merge_refusal(keep=keep, merge=duplicate)


@staff_view("merge_patients")
def patient_merge(request: HttpRequest, patient_id) -> HttpResponse:
    """A manager finds this record's duplicate by search, sees the two side by side and
    merges the duplicate into this one. Swapping which is kept is the same page of the other
    record; the rules are the service's (patient_merge_refusal), asked before the button is
    offered."""
    keep = access.patient_for(request.user, patient_id, what="patient, to merge")
    posted = request.method == "POST"
    query = PatientMergeQueryForm(request.GET)
    query_ok = query.is_valid()
    searched = query.cleaned_data.get("q", "").strip()
    confirm = PatientMergeForm(request.POST if posted else None)
    # When nothing can be merged into this record the page says why and offers nothing else.
    closed = patient_merge_refusal(keep=keep)
    duplicate, refusal = (
        (None, "") if closed else _duplicate_pick(request, keep, confirm if posted else query)
    )
    comparing = duplicate is not None and not refusal
    if posted and comparing and confirm.is_valid():
        try:
            services.patient_merge(actor=request.user, keep=keep, merge=duplicate)
        except services.BookingError as error:
            confirm.add_error(None, str(error))
        else:
            messages.success(
                request, f"Merged {duplicate.full_name}'s record ({duplicate.email}) into this one."
            )
            return redirect("staff:patient", patient_id=keep.public_id)
    matches = []
    if not closed and not comparing and searched:
        matches = patient_search(request.user, searched)
    _merge_page_audit(request, keep=keep, duplicate=duplicate, query=searched, found=matches)
    if not posted:
        confirm = PatientMergeForm(initial={"duplicate": duplicate.public_id if comparing else ""})
    return render(
        request,
        "staff/patient_merge.html",
        {
            "patient": keep,
            "closed": closed,
            "refusal": refusal,
            "query_form": query,
            "query": searched,
            "matches": matches,
            "duplicate": duplicate if comparing else None,
            "records": patients_at_a_glance(request.user, [keep, duplicate]) if comparing else [],
            "confirm": confirm,
        },
        # A POST that comes back here was refused; so was a broken or refused pick.
        status=400 if posted or refusal or not query_ok else 200,
    )


def _merge_page_audit(request, *, keep, duplicate, query: str, found: list) -> None:
    """The merge page shows the record kept, perhaps a search's results, perhaps the duplicate
    beside it: a row for each record shown, so each patient's own history lists the look."""
    other = {"compared with": str(duplicate.public_id)} if duplicate else None
    audit_view(request, what="patient, to merge", patient=keep, detail=other)
    if duplicate is not None:
        detail = {"compared with": str(keep.public_id)}
        audit_view(request, what="patient, to merge", patient=duplicate, detail=detail)
    if found:
        audit_view(request, what="patient search", detail={"query": query, "found": len(found)})


@staff_view("view_patients")
@require_POST
def patient_note(request: HttpRequest, patient_id) -> HttpResponse:
    patient = access.patient_for(request.user, patient_id, what="patient note")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                actor=request.user,
                patient=patient,
                text=form.cleaned_data["text"],
                is_clinical=form.cleaned_data["is_clinical"],
            )
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Note added.")
    else:
        messages.error(request, "A note needs some text (at most 4,000 characters).")
    return redirect("staff:patient", patient_id=patient.public_id)


@staff_view("edit_patients")
@require_POST
def patient_preferences(request: HttpRequest, patient_id) -> HttpResponse:
    """The desk changes what care messages a patient gets, at the patient's request."""
    patient = access.patient_for(request.user, patient_id, what="message preferences")
    form = MessagePreferencesForm(request.POST)
    form.is_valid()  # unticked boxes are simply off: a BooleanField cannot be invalid
    changed = services.patient_preferences_set(
        actor=request.user, patient=patient, wants=form.cleaned_data
    )
    messages.success(
        request,
        f"Changed: {', '.join(changed)}." if changed else "Message preferences unchanged.",
    )
    return redirect("staff:patient", patient_id=patient.public_id)
    consent = form.cleaned_data["consent"] == "on"
    services.patient_reminders_set(actor=request.user, patient=patient, consent=consent)
    messages.success(request, "Reminder emails on." if consent else "Reminder emails off.")
    return redirect("staff:patient", patient_id=patient.public_id)


@staff_view("merge_patients")
def patient_export(request: HttpRequest, patient_id) -> HttpResponse:
    """A copy of everything held about the patient, as JSON, when they ask for it."""
    patient = access.patient_for(request.user, patient_id, what="patient data export")
    data = services.patient_export(actor=request.user, patient=patient)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.public_id}.json"'
    return response


@staff_view("merge_patients")
def patient_erase(request: HttpRequest, patient_id) -> HttpResponse:
    """Erase a patient at their request, after a confirming tick."""
    patient = access.patient_for(request.user, patient_id, what="patient erasure")
    form = PatientEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_erase(actor=request.user, patient=patient)
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Erased. The record keeps only what the clinic must.")
            return redirect("staff:patient", patient_id=patient.public_id)
    return render(
        request,
        "staff/patient_erase.html",
        {"patient": patient, "form": form},
        status=400 if form.errors else 200,
    )


@staff_view("edit_patients")
@require_POST
def patient_update_resolve(request: HttpRequest, update_id: int) -> HttpResponse:
    """Accept what a returning patient typed, or set it aside."""
    update = get_object_or_404(PatientUpdate.objects.select_related("patient"), pk=update_id)
    form = PatientUpdateForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.patient_update_resolve(actor=request.user, update=update, accept=accept)
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Record updated." if accept else "Set aside.")
        if form.cleaned_data["from_booking"]:
            return redirect("staff:booking", booking_id=form.cleaned_data["from_booking"])
    return redirect("staff:patient", patient_id=update.patient.public_id)

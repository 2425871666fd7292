"""The booking page and its workflow; booking and moving by phone."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..audit import audit_record
from ..models import AppointmentType, Booking, Patient, Provider
from ..parsing import date_parse, start_parse, uuid_parse
from ..screening import screening_summary
from .access import staff_view
from .forms import CompleteForm, NewPatientForm, NoteForm, PatientSearchForm, PhoneBookingForm
from .visibility import booking_visible_check, patient_search


def _booking(request: HttpRequest, booking_id) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related(
            "patient", "provider", "appointment_type", "treatment", "resource"
        ),
        public_id=booking_id,
    )
    booking_visible_check(request.user, booking)
    return booking


@staff_view("view_schedule")
def booking_detail(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking(request, booking_id)
    clinical = request.user.has_perm("bookings.view_clinical_notes")
    notes = booking.patient.notes.select_related("author")
    if not clinical:
        notes = notes.filter(is_clinical=False)
    audit_record(request=request, action="view", what="booking page", booking=booking)
    allowed = sorted(services.ALLOWED_TRANSITIONS[booking.status])
    return render(
        request,
        "staff/booking.html",
        {
            "booking": booking,
            "answers": screening_summary(booking.intake_answers),
            "history": booking.patient.bookings.select_related("appointment_type", "provider")
            .exclude(pk=booking.pk)
            .order_by("-start")[:20],
            "changes": booking.status_changes.select_related("changed_by"),
            "notes": notes,
            "note_form": NoteForm(),
            "complete_form": CompleteForm(),
            "transitions": [(s, Booking.Status(s).label) for s in allowed],
            "is_treatment": booking.appointment_type.kind == AppointmentType.Kind.TREATMENT,
            "session": getattr(booking, "session", None) if booking.status == "completed" else None,
            "clinical": clinical,
        },
    )


@staff_view("change_booking_status")
@require_POST
def booking_status(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking(request, booking_id)
    to = request.POST.get("to", "")
    reason = request.POST.get("reason", "").strip()
    if to in (Booking.Status.CANCELLED, Booking.Status.NO_SHOW) and not request.user.has_perm(
        "bookings.book_by_phone"
    ):
        # Providers check in and complete; cancelling and no-shows are the desk's.
        raise PermissionDenied
    try:
        if to == Booking.Status.CANCELLED and not reason:
            raise services.BookingError("Give a reason for the cancellation.")
        if to == Booking.Status.COMPLETED:
            form = CompleteForm(request.POST)
            is_treatment = booking.appointment_type.kind == AppointmentType.Kind.TREATMENT
            if is_treatment and not form.is_valid():
                raise services.BookingError("Say which areas were treated.")
            data = form.cleaned_data if is_treatment else {}
            services.booking_complete(
                booking=booking, changed_by=request.user,
                treated_areas=data.get("treated_areas", ""),
                settings_notes=data.get("settings_notes", ""),
            )  # fmt: skip
        elif to in Booking.Status.values:
            services.booking_transition(
                booking=booking, to_status=to, changed_by=request.user, reason=reason
            )
        else:
            raise services.BookingError("Unknown status.")
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        audit_record(
            request=request, action="change", what="booking status", booking=booking,
            detail={"from": booking.status, "to": to},
        )  # fmt: skip
        messages.success(request, f"Marked {Booking.Status(to).label.lower()}.")
    return redirect("staff:booking", booking_id=booking.public_id)


@staff_view("view_schedule")
@require_POST
def booking_note(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking(request, booking_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        clinical = form.cleaned_data["is_clinical"]
        if clinical and not request.user.has_perm("bookings.view_clinical_notes"):
            raise PermissionDenied
        services.note_add(
            patient=booking.patient, booking=booking, author=request.user,
            text=form.cleaned_data["text"], is_clinical=clinical,
        )  # fmt: skip
        audit_record(request=request, action="create", what="note", booking=booking)
        messages.success(request, "Note added.")
    else:
        messages.error(request, "A note needs some text (at most 4,000 characters).")
    return redirect("staff:booking", booking_id=booking.public_id)


def _free_times(data: dict, *, ignore_booking=None) -> list[selectors.Slot]:
    kind, treatment, day = data.get("appointment_type"), data.get("treatment"), data.get("date")
    if not (kind and treatment and day):
        return []
    slots = selectors.slots_available(
        appointment_type=kind, treatment=treatment, start_date=day, end_date=day,
        provider=data.get("provider"), online=False, ignore_booking=ignore_booking,
    )  # fmt: skip
    return slots.get(day, [])


def _initial_from(request: HttpRequest) -> dict:
    initial = {"date": timezone.localdate()}
    moment = start_parse(request.GET.get("start"))
    if moment:
        initial["date"] = moment.astimezone(selectors.clinic_zone()).date()
        initial["start"] = moment.isoformat()
    if date_parse(request.GET.get("date")):
        initial["date"] = date_parse(request.GET.get("date"))
    provider = Provider.objects.filter(public_id=uuid_parse(request.GET.get("provider"))).first()
    if provider:
        initial["provider"] = provider
    return initial


@staff_view("book_by_phone")
def booking_new(request: HttpRequest) -> HttpResponse:
    """Book by phone: find (or add) the patient, then type, provider and a free time."""
    patient = Patient.objects.filter(public_id=uuid_parse(request.GET.get("patient"))).first()
    may_outside = request.user.has_perm("bookings.book_outside_hours")
    search = PatientSearchForm(request.GET or None)
    matches = patient_search(request.user, search.data.get("q", "")) if search.is_bound else []
    if patient is not None and request.method == "GET":
        audit_record(request=request, action="view", what="patient, to book", patient=patient)
    elif matches:
        query = search.data.get("q", "")[:100]
        audit_record(request=request, action="view", what="patient search",
                     detail={"query": query, "found": len(matches)})  # fmt: skip
    source = request.POST if request.method == "POST" else (request.GET if "date" in request.GET
                                                             and "appointment_type" in request.GET
                                                             else None)  # fmt: skip
    form = PhoneBookingForm(source, initial=_initial_from(request),
                            may_book_outside_hours=may_outside)  # fmt: skip
    new_patient = NewPatientForm(request.POST if request.method == "POST" and not patient else None,
                                 prefix="new")  # fmt: skip
    free = []
    if form.is_bound:
        form.is_valid()
        free = _free_times(getattr(form, "cleaned_data", {}))
    if request.method == "POST":
        patient_ok = patient is not None or new_patient.is_valid()
        if form.is_valid() and patient_ok:
            data = form.cleaned_data
            details = None
            if patient is None:
                details = services.PatientDetails(**new_patient.cleaned_data)
            try:
                booking = services.booking_create(
                    appointment_type=data["appointment_type"], treatment=data["treatment"],
                    start=data["start_at"], provider=data.get("provider"), patient=patient,
                    patient_details=details, source=Booking.Source.PHONE,
                    created_by=request.user, online=False,
                    outside_hours=bool(data.get("outside_hours")),
                )  # fmt: skip
            except services.SlotTaken as taken:
                form.add_error(None, str(taken))
                free = taken.alternatives
            except services.BookingError as error:
                form.add_error(None, str(error))
            else:
                audit_record(request=request, action="create", what="booking", booking=booking)
                messages.success(request, f"Booked {booking.patient.full_name}.")
                return redirect("staff:booking", booking_id=booking.public_id)
    return render(
        request,
        "staff/booking_new.html",
        {
            "patient": patient,
            "search": search,
            "matches": matches,
            "form": form,
            "new_patient": new_patient,
            "free": free,
            "status": 400 if request.method == "POST" else 200,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view("book_by_phone")
def booking_move(request: HttpRequest, booking_id) -> HttpResponse:
    booking = _booking(request, booking_id)
    day = date_parse(request.GET.get("date")) or max(
        timezone.localdate(), booking.start.astimezone(selectors.clinic_zone()).date()
    )
    provider = Provider.objects.filter(public_id=uuid_parse(request.GET.get("provider"))).first()
    if request.method == "POST":
        start = start_parse(request.POST.get("start"))
        if start is None:
            messages.error(request, "Choose one of the free times.")
        else:
            try:
                services.booking_reschedule(
                    booking=booking, start=start, provider=provider, changed_by=request.user,
                    online=False,
                )  # fmt: skip
            except services.BookingError as error:
                messages.error(request, str(error))
            else:
                audit_record(request=request, action="change", what="booking time",
                             booking=booking)  # fmt: skip
                messages.success(request, "Moved. The patient has been emailed the new time.")
                return redirect("staff:booking", booking_id=booking.public_id)
    slots = selectors.slots_available(
        appointment_type=booking.appointment_type, treatment=booking.treatment, start_date=day,
        end_date=day, provider=provider, online=False, ignore_booking=booking,
    ).get(day, [])  # fmt: skip
    audit_record(request=request, action="view", what="booking, to reschedule", booking=booking)
    return render(
        request,
        "staff/booking_move.html",
        {
            "booking": booking,
            "day": day,
            "slots": slots,
            "provider": provider,
            "providers": Provider.objects.filter(is_active=True, treatments=booking.treatment),
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "query": urlencode({"provider": provider.public_id}) if provider else "",
            "back": reverse("staff:booking", kwargs={"booking_id": booking.public_id}),
        },
    )

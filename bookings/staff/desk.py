"""The booking page and its workflow; booking and moving by phone. Who may do what is asked of
bookings/access.py; the services refuse what a role may not do, the views only hide it."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from .. import access, selectors, services
from ..audit import audit_view
from ..models import Booking, Provider
from ..screening import screening_summary
from . import booking_page, panels
from .access import staff_view
from .forms import CompleteForm, MoveForm, NoteForm, RevertForm, StatusForm

# In the order the booking page offers them: the day's steps first, then the two that undo
# the visit (static/css/staff.css sets those apart, on a line of their own).
ACTION_LABELS = {
    Booking.Status.CONFIRMED: "Confirm",
    Booking.Status.CHECKED_IN: "Check in",
    Booking.Status.COMPLETED: "Complete",
    Booking.Status.NO_SHOW: "Mark no-show",
    Booking.Status.CANCELLED: "Cancel booking",
}


def _first_error(form) -> str:
    for errors in form.errors.values():
        return " ".join(errors)
    return "Check the form."


@staff_view("view_schedule")
def booking_detail(request: HttpRequest, booking_id) -> HttpResponse:
    booking = access.booking_for(request.user, booking_id)
    flags = access.booking_flags(request.user, booking)
    notes = booking.patient.notes.select_related("author")
    if not flags["clinical"]:
        notes = notes.filter(is_clinical=False)
    audit_view(request, what="booking page", booking=booking)
    open_moves = services.booking_transitions_open(booking, actor=request.user)
    history = list(
        booking.patient.bookings.select_related("appointment_type", "provider")
        .exclude(pk=booking.pk)
        .order_by("-start")[:20]
    )
    return render(
        request,
        "staff/booking.html",
        {
            "booking": booking,
            "pending_updates": list(
                booking.patient.pending_updates.filter(resolved_at__isnull=True)
            ),
            "answers": screening_summary(booking.intake_answers),
            "history": history,
            # A provider sees a colleague's booking of her patient listed, not as a link to
            # a page her role does not open.
            "history_openable": set(
                access.bookings_visible_to(request.user)
                .filter(pk__in=[other.pk for other in history])
                .values_list("pk", flat=True)
            ),
            "changes": booking.status_changes.select_related("changed_by"),
            "notes": notes,
            "note_form": NoteForm(),
            "complete_form": CompleteForm(
                initial=panels.completion_initial(booking) if flags["may_complete"] else None,
                may_override=flags["may_complete_unsigned"],
            ),
            "extra_panels": panels.booking_panels(request, booking),
            "transitions": [(s, label) for s, label in ACTION_LABELS.items() if s in open_moves],
            "revert_form": RevertForm(),
            "session": getattr(booking, "session", None) if booking.status == "completed" else None,
            **flags,
            "may_revert": services.booking_may_revert(booking, actor=request.user),
            "may_move": flags["may_move"] and booking.is_movable,
            "check_in_opens_later": flags["may_check_in"]
            and booking.is_movable
            and booking.start > timezone.now()
            and not services.booking_is_on_its_day(booking),
        },
    )


@staff_view("view_schedule")
@require_POST
def booking_status(request: HttpRequest, booking_id) -> HttpResponse:
    booking = access.booking_for(request.user, booking_id)
    form = StatusForm(request.POST)
    valid = form.is_valid()
    to = form.cleaned_data.get("to")
    if to:
        # The role first: a provider pressing "no-show" is refused (403), not told to tick a box.
        access.require(
            access.may_transition(request.user, booking, to),
            actor=request.user,
            what=f"mark {Booking.Status(to).label.lower()}",
            booking=booking,
        )
    if not valid:
        messages.error(request, _first_error(form))
        return redirect("staff:booking", booking_id=booking.public_id)
    reason = form.cleaned_data["reason"]
    try:
        if to == Booking.Status.COMPLETED:
            complete = CompleteForm(request.POST)
            if booking.is_treatment and not complete.is_valid():
                raise services.BookingError("Say which areas were treated.")
            data = complete.cleaned_data if booking.is_treatment else {}
            services.booking_complete(
                booking=booking,
                actor=request.user,
                treated_areas=data.get("treated_areas", ""),
                settings_notes=data.get("settings_notes", ""),
                override_reason=data.get("override_reason", ""),
            )
        else:
            services.booking_transition(
                booking=booking, to_status=to, actor=request.user, reason=reason
            )
    except services.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Marked {Booking.Status(to).label.lower()}.")
    return redirect("staff:booking", booking_id=booking.public_id)


@staff_view("revert_booking_status")
@require_POST
def booking_revert(request: HttpRequest, booking_id) -> HttpResponse:
    booking = access.booking_for(request.user, booking_id)
    form = RevertForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            booking = services.booking_status_revert(
                booking=booking, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Put right: {booking.get_status_display().lower()} again.")
    return redirect("staff:booking", booking_id=booking.public_id)


@staff_view("view_schedule")
@require_POST
def booking_note(request: HttpRequest, booking_id) -> HttpResponse:
    booking = access.booking_for(request.user, booking_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                actor=request.user,
                patient=booking.patient,
                booking=booking,
                text=form.cleaned_data["text"],
                is_clinical=form.cleaned_data["is_clinical"],
            )
        except services.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Note added.")
    else:
        messages.error(request, "A note needs some text (at most 4,000 characters).")
    return redirect("staff:booking", booking_id=booking.public_id)


@staff_view("book_by_phone")
def booking_new(request: HttpRequest) -> HttpResponse:
    """Book a caller from one screen: patient, appointment, provider, day and time in any
    order (booking_page.py says what the page shows; the booking service decides)."""
    posted = request.POST if request.method == "POST" else None
    page = booking_page.phone_booking_page(user=request.user, opened=request.GET, posted=posted)
    if page.patient is not None and not page.wants_to_book:
        audit_view(request, what="patient, to book", patient=page.patient)
    elif page.matches:
        detail = {"query": page.searched[:100], "found": len(page.matches)}
        audit_view(request, what="patient search", detail=detail)
    if page.ready_to_book:
        try:
            booking = services.booking_create(
                **page.booking_arguments(),
                source=Booking.Source.PHONE,
                actor=request.user,
                online=False,
            )
        except services.BookingError as error:
            page.refuse(error)
        else:
            messages.success(request, f"Booked {booking.patient.full_name}.")
            return redirect("staff:booking", booking_id=booking.public_id)
    status = 400 if page.wants_to_book else 200
    return render(request, "staff/booking_new.html", {"page": page}, status=status)


@staff_view("book_by_phone")
def booking_move(request: HttpRequest, booking_id) -> HttpResponse:
    booking = access.booking_for(request.user, booking_id, what="booking, to reschedule")
    providers = Provider.objects.filter(is_active=True, treatments=booking.treatment)
    form = MoveForm(
        request.POST if request.method == "POST" else request.GET,
        booking=booking,
        providers=providers,
    )
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    provider = data.get("provider") if valid else booking.provider
    day = data.get("date") or max(
        timezone.localdate(), booking.start.astimezone(selectors.clinic_zone()).date()
    )
    if request.method == "POST":
        if not valid or data.get("start_at") is None:
            messages.error(request, "Choose one of the free times.")
        else:
            try:
                services.booking_reschedule(
                    booking=booking,
                    start=data["start_at"],
                    provider=provider,
                    actor=request.user,
                    online=False,
                )
            except services.BookingError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Moved. The patient has been emailed the new time.")
                return redirect("staff:booking", booking_id=booking.public_id)
    if not booking.is_movable:
        messages.error(request, "This booking has begun or ended; it can no longer be moved.")
        return redirect("staff:booking", booking_id=booking.public_id)
    slots = selectors.slots_available(
        appointment_type=booking.appointment_type,
        treatment=booking.treatment,
        start_date=day,
        end_date=day,
        provider=provider,
        online=False,
        ignore_booking=booking,
    ).get(day, [])
    audit_view(request, what="booking, to reschedule", booking=booking)
    provider_value = str(provider.public_id) if provider else MoveForm.ANY
    return render(
        request,
        "staff/booking_move.html",
        {
            "booking": booking,
            "day": day,
            "slots": slots,
            "provider": provider,
            "provider_value": provider_value,
            "providers": providers,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "query": urlencode({"provider": provider_value, "date": day.isoformat()}),
            "back": reverse("staff:booking", kwargs={"booking_id": booking.public_id}),
        },
    )

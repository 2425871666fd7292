"""Staff pages of clinical photos under /staff/photos/: a session's photos and the upload
with the previous session's photo as a ghost, one photo's bytes, and a patient's comparison.
Who may see what is photos/access.py's; every look is audited."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from bookings import access as booking_access
from bookings.audit import audit_view
from bookings.staff.access import staff_view

from . import access, selectors, services
from .forms import ComparisonForm, PhotoUploadForm
from .models import Photo

RENDITIONS = {"original", "screen", "thumbnail"}


def photo_file_response(photo: Photo, rendition: str) -> FileResponse:
    """The bytes of one copy, streamed from the private storage, never cached anywhere. A copy
    the worker has not made yet is stood in for by the original."""
    file = getattr(photo, rendition) if photo.is_ready else photo.original
    response = FileResponse(file.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def upload_context(request: HttpRequest, booking, form: PhotoUploadForm | None = None) -> dict:
    """What the upload form and its ghost overlay need (the booking panel and the session
    page both show it)."""
    ghosts = [
        {
            "view": g.view,
            "area": g.area_id or "",
            "phase": g.phase,
            "url": reverse("staff_photos:image", args=[g.public_id, "screen"]),
            "label": f"{g.label}, {g.booking.start:%d %b %Y}",
        }
        for g in selectors.ghosts_for(booking)
    ]
    return {
        "form": form or PhotoUploadForm(initial={"phase": Photo.Phase.BEFORE}),
        "ghosts": ghosts,
        "action": reverse("staff_photos:session", args=[booking.public_id]),
    }


@staff_view("view_clinical_notes")
def session_photos(request: HttpRequest, booking_id) -> HttpResponse:
    """A treatment session's photos, and (POST) a new one."""
    booking = access.session_for(request.user, booking_id)
    may_take = access.may_take_photos(request.user, booking) and access.session_takes_photos(
        booking
    )
    consented = may_take and access.may_photograph(booking.patient)
    form = None
    if request.method == "POST":
        form = PhotoUploadForm(request.POST, request.FILES)
        if not may_take:
            booking_access.require(False, actor=request.user, what="take clinical photo")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.photo_add(
                    actor=request.user,
                    booking=booking,
                    image=data["image"],
                    view=data["view"],
                    phase=data["phase"],
                    area=data["area"],
                )
            except services.PhotoError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Photo kept. Its smaller copies are being prepared.")
                back = request.POST.get("next") == "booking"
                if back:
                    url = reverse("staff:booking", args=[booking.public_id])
                    return redirect(f"{url}#photos-heading")
                return redirect("staff_photos:session", booking_id=booking.public_id)
    else:
        audit_view(request, what="session photos", booking=booking)
    return render(
        request,
        "photos/staff/session.html",
        {
            "booking": booking,
            "photos": selectors.session_photos(booking),
            "may_see_booking": booking_access.may_see_booking(request.user, booking),
            "may_take": may_take,
            "consented": consented,
            "no_consent": access.NO_CONSENT,
            **upload_context(request, booking, form),
        },
        status=400 if form is not None and form.errors else 200,
    )


@staff_view("view_clinical_notes")
def photo_image(request: HttpRequest, photo_id, rendition: str) -> HttpResponse:
    if rendition not in RENDITIONS:
        raise Http404("No such copy.")
    photo = access.photo_for(request.user, photo_id)
    audit_view(
        request,
        what="clinical photo",
        booking=photo.booking,
        detail={"photo": str(photo.public_id), "copy": rendition},
    )
    return photo_file_response(photo, rendition)


@staff_view("view_clinical_notes")
def comparison(request: HttpRequest, patient_id) -> HttpResponse:
    """Two sessions' photos of one view side by side, or one over the other with a slider."""
    patient = access.patient_photos_for(request.user, patient_id, what="photo comparison")
    sessions = selectors.sessions_with_photos(patient)
    defaults = selectors.comparison_defaults(patient, sessions)
    form = ComparisonForm(request.GET or defaults, sessions=sessions)
    first = second = None
    if form.is_valid():
        data = form.cleaned_data
        area_id = data["area"].pk if data["area"] else None
        first, second = (
            selectors.comparison_photo(
                patient=patient,
                booking=data[side],
                view=data["view"],
                phase=data[f"{side}_phase"],
                area_id=area_id,
            )
            for side in ("first", "second")
        )
    audit_view(
        request,
        what="photo comparison",
        patient=patient,
        detail={"photos": [str(p.public_id) for p in (first, second) if p]},
    )
    return render(
        request,
        "photos/staff/comparison.html",
        {"patient": patient, "sessions": sessions, "form": form, "first": first, "second": second},
        status=400 if form.is_bound and request.GET and form.errors else 200,
    )

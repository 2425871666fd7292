"""The staff's side of forms: a signed form as signed (to read and print), sending the link
again, and handing the clinic's tablet to a patient."""

import base64

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookings import access as booking_access
from bookings.audit import audit_view
from bookings.staff.access import staff_view
from practice.handover import HANDED_OVER_KEY
from practice.zones import time_zone_shown

from . import rendering, services
from .access import may_read_submission
from .models import FormSubmission, FormTemplate
from .views import KIOSK_KEY


@staff_view("view_patients")
def submission_detail(request: HttpRequest, submission_id) -> HttpResponse:
    submission = get_object_or_404(
        FormSubmission.objects.select_related(
            "patient",
            "version__template",
            "request__booking",
            # The booking it was signed for names the provider on the printed record.
            "booking__provider",
            "booking__appointment_type",
            "kiosk_started_by",
            "corrects",
        ),
        public_id=submission_id,
    )
    booking_access.require(
        may_read_submission(request.user, submission),
        actor=request.user,
        what="signed form",
        patient=submission.patient,
    )
    audit_view(
        request,
        what="signed form",
        patient=submission.patient,
        booking=submission.request.booking,
        detail={"form": submission.version.title, "version": submission.version.number},
    )
    signature = (
        "data:image/png;base64," + base64.b64encode(bytes(submission.signature_png)).decode()
        if submission.signature_png
        else ""
    )
    return render(
        request,
        "consent/staff_signed.html",
        {
            "submission": submission,
            "signature": signature,
            # The kept text still has the hash it was signed with: nothing was altered.
            "intact": rendering.text_hash(submission.rendered_text) == submission.content_hash,
            # A filed record is read far from the clinic's clock: the signing time says its zone.
            "signed_zone": time_zone_shown(submission.signed_at),
        },
    )


@staff_view("view_schedule")
@require_POST
def forms_send(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_access.booking_for(request.user, booking_id)
    try:
        services.forms_send_again(booking=booking, actor=request.user)
    except services.ConsentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The forms link is on its way to the patient.")
    return redirect("staff:booking", booking_id=booking.public_id)


@staff_view("view_schedule")
@require_POST
def tablet_start(request: HttpRequest, booking_id, template_id: int) -> HttpResponse:
    """Hand the tablet over: the staff member is signed out of this browser, which from now
    on shows that one form and nothing else."""
    booking = booking_access.booking_for(request.user, booking_id)
    template = FormTemplate.objects.filter(pk=template_id, is_active=True).first()
    if template is None:
        raise Http404("No such form")
    try:
        kiosk = services.kiosk_start(booking=booking, template=template, actor=request.user)
    except services.ConsentError as error:
        messages.error(request, str(error))
        return redirect("staff:booking", booking_id=booking.public_id)
    logout(request)
    request.session[KIOSK_KEY] = kiosk.token
    request.session[HANDED_OVER_KEY] = reverse("consent:tablet")
    return redirect("consent:tablet")

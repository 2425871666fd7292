"""Forms react to what bookings announce: a treatment booked asks for its forms, a move
re-times their reminder, a completion is refused while the consent is unsigned, a merge moves
the forms to the record kept."""

from django.dispatch import receiver
from django.utils import timezone

from bookings import signals
from outbox.services import messages_cancel_for_booking

from . import services
from .models import FormRequest, FormSubmission


@receiver(signals.booking_confirmed)
def forms_ask(sender, booking, **kwargs) -> None:
    if booking.appointment_type.is_treatment:
        services.forms_request_for_booking(booking=booking)


@receiver(signals.booking_moved)
def forms_reminder_move(sender, booking, **kwargs) -> None:
    if booking.appointment_type.is_treatment:
        services.forms_reminder_schedule(booking=booking)


@receiver(signals.booking_cancelled)
def forms_messages_drop(sender, booking, **kwargs) -> None:
    messages_cancel_for_booking(booking=booking, kinds=services.FORMS_KINDS)


@receiver(signals.booking_completing)
def consent_required(sender, booking, actor, override_reason="", **kwargs) -> None:
    services.completion_check(booking=booking, actor=actor, override_reason=override_reason)


@receiver(signals.patients_merged)
def forms_move(sender, keep, merged, **kwargs) -> None:
    # Two open requests for one form would break "one open per form": the merged record's
    # is withdrawn where the kept one has its own.
    kept_open = FormRequest.objects.filter(
        patient=keep, signed_at__isnull=True, withdrawn_at__isnull=True
    ).values_list("template_id", flat=True)
    services.form_requests_withdraw(
        FormRequest.objects.filter(patient=merged, template_id__in=list(kept_open)),
        now=timezone.now(),
    )
    FormRequest.objects.filter(patient=merged).update(patient=keep)
    FormSubmission.objects.filter(patient=merged).update(patient=keep)

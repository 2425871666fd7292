"""Aftercare's answers to what bookings announce. They run inside the booking's transaction."""

from django.dispatch import receiver

from bookings import signals
from bookings.models import Booking

from . import services


@receiver(signals.booking_confirmed)
def on_booking_confirmed(sender, booking: Booking, **kwargs) -> None:
    services.appointment_reminder_schedule(booking=booking)
    if services.booking_is_treatment(booking):
        services.course_create(booking=booking)


@receiver(signals.booking_moved)
def on_booking_moved(sender, booking: Booking, **kwargs) -> None:
    services.appointment_reminder_schedule(booking=booking)
    services.course_move(booking=booking)


@receiver(signals.booking_status_changed)
def on_booking_status_changed(sender, booking: Booking, to_status: str, **kwargs) -> None:
    if to_status in (Booking.Status.CANCELLED, Booking.Status.NO_SHOW):
        services.reminders_cancel_for(booking=booking)
    elif to_status == Booking.Status.CHECKED_IN:
        services.appointment_reminders_cancel(booking=booking)


@receiver(signals.treatment_completed)
def on_treatment_completed(sender, booking: Booking, session, **kwargs) -> None:
    services.course_start(session=session)


@receiver(signals.patients_merged)
def on_patients_merged(sender, keep, merged, **kwargs) -> None:
    services.patient_records_move(keep=keep, merged=merged)

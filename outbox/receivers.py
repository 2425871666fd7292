"""The outbox's answers to what bookings announce. They run inside the booking's transaction,
so a booking and its confirmation are committed, or rolled back, together."""

from django.dispatch import receiver

from bookings import signals
from bookings.models import Booking

from . import services
from .contact import contact_changed_queue, contact_code_queue
from .models import Message


@receiver(signals.booking_confirmed)
def on_booking_confirmed(sender, booking: Booking, **kwargs) -> None:
    services.booking_message_queue(booking=booking, event="confirmed")


@receiver(signals.booking_moved)
def on_booking_moved(sender, booking: Booking, previous_start=None, **kwargs) -> None:
    services.booking_message_queue(booking=booking, event="moved", previous_start=previous_start)


@receiver(signals.booking_cancelled)
def on_booking_cancelled(sender, booking: Booking, **kwargs) -> None:
    services.messages_cancel_for_booking(
        booking=booking,
        kinds=[
            Message.Kind.BOOKING_CONFIRMED,
            Message.Kind.BOOKING_MOVED,
            Message.Kind.APPOINTMENT_REMINDER,
        ],
    )
    services.booking_message_queue(booking=booking, event="cancelled")


@receiver(signals.patients_merged)
def on_patients_merged(sender, keep, merged, **kwargs) -> None:
    services.patient_messages_move(keep=keep, merged=merged)


@receiver(signals.booking_details_requested)
def on_booking_details_requested(sender, booking: Booking, **kwargs) -> None:
    services.booking_message_queue(booking=booking, event="confirmed", again=True)


@receiver(signals.contact_change_announced)
def on_contact_change(
    sender, change, event: str, code=None, old_value=None, old_number_stopped=False, **kwargs
) -> None:
    if event == "code":
        contact_code_queue(change=change, code=code)
    elif event == "confirmed":
        contact_changed_queue(
            change=change, old_value=old_value, old_number_stopped=old_number_stopped
        )

"""The messages the outbox itself writes (outbox/kinds.py): what a booking's confirmation,
move and cancellation say, and the codes and notices of a contact change. Each is the record
of something the patient or the desk just did, so none waits for quiet hours to end."""

from .kinds import message_kind_declare
from .models import Message

K = Message.Kind
for name, label in [
    (K.BOOKING_CONFIRMED, "Booking confirmation"),
    (K.BOOKING_MOVED, "Booking moved"),
    (K.BOOKING_CANCELLED, "Booking cancelled"),
    (K.CONTACT_CODE, "Code to confirm a new email or phone"),
    (K.CONTACT_CHANGED, "Email or phone changed"),
]:
    message_kind_declare(name=name, label=label, app="outbox")

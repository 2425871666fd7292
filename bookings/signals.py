"""What bookings announce, so that other apps (aftercare) can react without bookings knowing
they exist. Sent inside the booking's transaction: a receiver's writes commit or roll back
with the booking itself. Every booking signal carries `booking`."""

from django.dispatch import Signal

booking_confirmed = Signal()
booking_moved = Signal()  # also: previous_start
booking_cancelled = Signal()
booking_status_changed = Signal()  # also: from_status, to_status
# Before a booking is marked completed, inside its transaction: a receiver refuses by raising
# services.BookingError (consent unsigned). Also: actor, override_reason (a manager's words).
booking_completing = Signal()
treatment_completed = Signal()  # also: session (the TreatmentSession just recorded)
patients_merged = Signal()  # keep, merged: move what belongs to `merged` to `keep`
booking_details_requested = Signal()  # send the patient this booking's details again
# A patient's change of email or phone (bookings/services/contact.py). Carries `change` and
# `event`: "code" (also `code`, the only copy of it, to send to the new address) or
# "confirmed" (also `old_value`, the address to tell that it was replaced, and
# `old_number_stopped`, whether texts to the patient's number were stopped before the change).
contact_change_announced = Signal()

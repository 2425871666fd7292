"""Aftercare's messages (outbox/kinds.py). Reminders and tips are care that falls due on its
own: a text of one of those never arrives in the night. A concern's alert and the clinic's
reply answer what just happened, and go at once."""

from outbox.kinds import message_kind_declare
from outbox.models import Message

K = Message.Kind
for name, label, quiet in [
    (K.APPOINTMENT_REMINDER, "Appointment reminder", True),
    (K.CARE_TIP, "Preparation or aftercare tip", True),
    (K.NEXT_SESSION, "Next-session reminder", True),
    (K.CONCERN_ALERT, "Concern alert to the clinic", False),
    (K.CONCERN_REPLY, "The clinic replied to a concern", False),
]:
    message_kind_declare(name=name, label=label, app="aftercare", quiet_hours=quiet)

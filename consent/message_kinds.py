"""The forms' messages (outbox/kinds.py): asking the patient to sign, and reminding them."""

from outbox.kinds import message_kind_declare
from outbox.models import Message

message_kind_declare(name=Message.Kind.FORMS_REQUEST, label="Forms to sign", app="consent")
message_kind_declare(
    name=Message.Kind.FORMS_REMINDER, label="Reminder of forms to sign", app="consent"
)

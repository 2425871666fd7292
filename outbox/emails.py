"""A message row back into an email, as the mail server receives it."""

import uuid
from email import policy
from email.mime.text import MIMEText

from django.core.mail import EmailMultiAlternatives

from .models import Message


def calendar_part(calendar: str, *, method: str) -> MIMEText:
    """The .ics as one text/calendar part with one charset and the iTIP method (REQUEST for an
    invitation, CANCEL for a cancellation), as calendar programs expect it."""
    part = MIMEText(calendar, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="appointment.ics")
    return part


def _method(calendar: str) -> str:
    for line in calendar.splitlines():
        if line.startswith("METHOD:"):
            return line.removeprefix("METHOD:").strip()
    return "PUBLISH"


# Header lines are written as they are, not re-folded at 78 characters: our values are short
# ASCII (Django has already encoded and folded any non-ASCII one), far under the 998 limit,
# and re-folding every header of every message was a seventh of the worker's time.
UNFOLDED = policy.compat32.clone(max_line_length=None)


class OutboxEmail(EmailMultiAlternatives):
    """Django's email, written out more cheaply. Each multipart boundary is drawn here: left
    to it, the email package draws one and compiles a regular expression per message to check
    the body for it, a quarter of the cost of writing the message out. 122 random bits cannot
    occur by chance in a body, which is built before the boundary is drawn."""

    def message(self, *args, **kwargs):
        mime = super().message(*args, **kwargs)
        mime.policy = UNFOLDED
        for part in mime.walk():
            if part.is_multipart() and part.get_boundary() is None:
                part.set_boundary(f"=_{uuid.uuid4().hex}")
        return mime


def email_from_message(message: Message) -> EmailMultiAlternatives:
    email = OutboxEmail(
        subject=message.subject,
        body=message.text,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={
            **message.headers,
            # The same on every attempt at this row: a duplicate is recognisably one message.
            "Message-ID": message.message_id,
            # Mail programs should not auto-reply to the clinic's messages.
            "Auto-Submitted": "auto-generated",
        },
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    if message.calendar:
        email.attach(calendar_part(message.calendar, method=_method(message.calendar)))
    return email

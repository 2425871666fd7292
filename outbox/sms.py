"""How a text leaves, chosen by SMS_BACKEND:

- "file": each text is written to var/sms/ (a laptop's `make run`, and the tests that do not
  drive the provider), to be opened and read;
- "twilio": Twilio's Programmable Messaging API, through Twilio's own Python library (kept by
  Twilio, it signs requests, retries and raises typed errors; its RequestValidator checks the
  signatures of Twilio's webhooks). The tests drive it against a local stand-in for
  api.twilio.com (TWILIO_API_BASE_URL): a paid API is the one thing not run for real.

`send()` returns the provider's id for the text, or raises: the sweep retries, then marks the
message failed for the staff to see.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class SmsError(Exception):
    pass


class FileSmsBackend:
    def __init__(self):
        self.folder = Path(settings.SMS_FILE_PATH)

    def send(self, *, to: str, body: str, status_callback: str = "") -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        ref = f"file-{uuid.uuid4().hex[:16]}"
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        (self.folder / f"{stamp}-{ref}.txt").write_text(f"To: {to}\n\n{body}\n", encoding="utf-8")
        return ref

    def close(self) -> None:
        pass


class TwilioSmsBackend:
    def __init__(self):
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        if not (
            settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN and settings.TWILIO_FROM
        ):
            raise SmsError("Twilio is chosen but TWILIO_ACCOUNT_SID, _AUTH_TOKEN or _FROM is unset")
        # One HTTP session (kept-alive connections) per sender thread; a timeout so a hung
        # provider cannot hold a claimed row for ever.
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=20),
        )
        if settings.TWILIO_API_BASE_URL:
            self.client.api.base_url = settings.TWILIO_API_BASE_URL

    def send(self, *, to: str, body: str, status_callback: str = "") -> str:
        from twilio.base.exceptions import TwilioException

        sender = settings.TWILIO_FROM
        options = (
            {"messaging_service_sid": sender} if sender.startswith("MG") else {"from_": sender}
        )
        if status_callback:
            options["status_callback"] = status_callback
        try:
            return self.client.messages.create(to=to, body=body, **options).sid
        except TwilioException as error:
            raise SmsError(str(error)[:400]) from error

    def close(self) -> None:
        session = getattr(self.client.http_client, "session", None)
        if session is not None:
            session.close()


BACKENDS = {"file": FileSmsBackend, "twilio": TwilioSmsBackend}


def sms_backend():
    try:
        return BACKENDS[settings.SMS_BACKEND]()
    except KeyError as error:
        raise SmsError(f"SMS_BACKEND must be one of {sorted(BACKENDS)}") from error

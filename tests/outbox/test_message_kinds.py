"""Each app declares the kinds of message it sends (outbox/kinds.py): the outbox writes no
undeclared kind, nor a kind by a channel its app did not declare, and the sweep asks the
declaration whether a text waits for the end of quiet hours. A new app's kind needs no
migration: Message.kind has no list of choices."""

from datetime import UTC, datetime

import pytest

from bookings.models import Patient
from outbox import kinds
from outbox.kinds import EMAIL, message_kind, message_kind_declare
from outbox.models import Message
from outbox.sending import messages_send_due
from outbox.services import message_queue
from tests.sms_fake import FakeTwilio, twilio_settings

pytestmark = pytest.mark.django_db

NIGHT = datetime(2027, 5, 4, 8, 0, tzinfo=UTC)  # 3:00 in Chicago, in quiet hours
MOBILE = "+13125550111"


@pytest.fixture
def declared(monkeypatch):
    """The registry as the apps left it, restored after the test declares its own."""
    monkeypatch.setattr(kinds, "_DECLARED", dict(kinds._DECLARED))


@pytest.fixture
def patient(clinic):
    return Patient.objects.create(
        first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
    )


@pytest.fixture
def twilio(settings):
    with FakeTwilio() as fake:
        twilio_settings(settings, fake)
        yield fake


def _text(kind: str, patient) -> Message:
    return message_queue(
        kind=kind,
        channel=Message.Channel.SMS,
        to=MOBILE,
        text="Your place on the list came up.",
        patient=patient,
        due_at=NIGHT,
        wake=False,
    )


def test_every_kind_written_today_is_declared_by_the_app_that_sends_it():
    apps = {
        name: message_kind(value).app
        for name, value in vars(Message.Kind).items()
        if name.isupper()
    }
    assert apps == {
        "BOOKING_CONFIRMED": "outbox",
        "BOOKING_MOVED": "outbox",
        "BOOKING_CANCELLED": "outbox",
        "CONTACT_CODE": "outbox",
        "CONTACT_CHANGED": "outbox",
        "APPOINTMENT_REMINDER": "aftercare",
        "CARE_TIP": "aftercare",
        "NEXT_SESSION": "aftercare",
        "CONCERN_ALERT": "aftercare",
        "CONCERN_REPLY": "aftercare",
        "FORMS_REQUEST": "consent",
        "FORMS_REMINDER": "consent",
    }
    quiet = {kind.name for kind in kinds.message_kinds() if kind.quiet_hours}
    assert quiet == {"appointment_reminder", "care_tip", "next_session"}


def test_an_undeclared_kind_is_refused_and_nothing_is_written(patient):
    with pytest.raises(LookupError):
        _text("waitlist_offer", patient)
    assert not Message.objects.exists()


def test_a_kind_goes_only_by_the_channels_its_app_declared(declared, patient):
    message_kind_declare(name="receipt", label="Receipt", app="payments", channels={EMAIL})
    with pytest.raises(ValueError, match="does not go by sms"):
        _text("receipt", patient)
    assert not Message.objects.exists()


def test_a_new_apps_kind_is_sent_at_once_or_after_quiet_hours_as_it_declared(
    declared, patient, twilio
):
    message_kind_declare(name="waitlist_offer", label="A place came up", app="waitlist")
    message_kind_declare(
        name="waitlist_nudge", label="Still on the list?", app="waitlist", quiet_hours=True
    )
    offer, nudge = _text("waitlist_offer", patient), _text("waitlist_nudge", patient)

    messages_send_due(now=NIGHT)

    offer.refresh_from_db()
    nudge.refresh_from_db()
    assert offer.status == Message.Status.SENT
    assert (nudge.status, nudge.due_at > NIGHT) == (Message.Status.PENDING, True)
    assert offer.kind_label == "A place came up"


def test_one_name_declared_twice_differently_is_a_bug(declared):
    message_kind_declare(name="waitlist_offer", label="A place came up", app="waitlist")
    message_kind_declare(name="waitlist_offer", label="A place came up", app="waitlist")
    with pytest.raises(ValueError, match="declared twice"):
        message_kind_declare(name="waitlist_offer", label="Another label", app="waitlist")


def test_an_old_row_of_a_kind_no_app_declares_any_more_is_still_sent_and_not_resent(
    declared, patient, twilio, manager
):
    from outbox.services import OutboxError, message_resend

    message_kind_declare(name="waitlist_offer", label="A place came up", app="waitlist")
    old = _text("waitlist_offer", patient)
    del kinds._DECLARED["waitlist_offer"]  # its app is gone; the row stays

    messages_send_due(now=NIGHT)

    old.refresh_from_db()
    assert old.status == Message.Status.SENT
    assert old.kind_label == "Waitlist offer"
    with pytest.raises(OutboxError, match="any more"):
        message_resend(message=old, actor=manager)

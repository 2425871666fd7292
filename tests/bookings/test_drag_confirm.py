"""A drop on the day grid is asked about before anything moves (issue 20): the grid posts it
with `ask`, and the answer is a question in the clinic's words (who moves, from when to when,
with whom, how the patient will hear of it) while nothing is written and nothing is sent. The
question's promise about the patient is the one the move then keeps. Whatever the grid does,
the service stays the one home of the rules: it refuses a taken time or a time outside hours
and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import AuditEntry, Booking, Patient
from bookings.staff.drag import move_question, move_told
from outbox.models import Message
from tests.bookings.test_drag_move import LATER, _traces, drop
from tests.factories import MONDAY, as_user, booking_book


def ask(client, booking, **fields):
    """What static/js/grid-drag.js posts first when a block is dropped."""
    return drop(client, booking, ask="1", **fields)


def test_asking_about_a_drop_moves_nothing_and_sends_nothing(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    before = _traces(booking)

    response = ask(as_user(client, frontdesk), booking, to_provider=clinic.priya)

    assert response.status_code == 200
    assert response.json() == {
        "moved": False,
        "asked": True,
        "question": "Move Ana Patient from 9:00 AM with Dana to 11:00 AM with Priya?",
        "told": "We'll email the patient the new time.",
        "kept": "Not moved: Ana Patient stays at 9:00 AM with Dana, and nothing was sent.",
    }
    assert _traces(booking) == before
    assert (booking.start, booking.provider) == (MONDAY, clinic.dana)


def test_the_question_names_the_provider_once_when_it_stays_and_the_day_when_it_changes(
    clinic, frozen_monday
):
    booking = booking_book(clinic, source="phone")

    same = move_question(booking=booking, start=LATER, provider=clinic.dana)
    other_day = move_question(
        booking=booking, start=LATER + timedelta(days=7), provider=clinic.dana
    )

    assert same == "Move Ana Patient from 9:00 AM to 11:00 AM with Dana?"
    assert (
        other_day == "Move Ana Patient from Mon 12 Apr, 9:00 AM to Mon 19 Apr, 11:00 AM with Dana?"
    )


# The patient's choice, her phone and whether she replied STOP; what the question promises.
CHANNELS = [
    ({"message_channel": "email"}, "email", ["email"]),
    ({"message_channel": "sms"}, "text", ["sms"]),
    ({"message_channel": "both"}, "email and text", ["email", "sms"]),
    ({"message_channel": "both", "sms_stopped_at": "now"}, "email", ["email"]),
    ({"message_channel": "sms", "phone": "(800) 555-0100"}, "email", ["email"]),
]


@pytest.mark.parametrize(("patient", "verbs", "channels"), CHANNELS)
def test_the_question_says_how_the_patient_will_hear_and_the_move_keeps_its_word(
    client, clinic, frontdesk, frozen_monday, patient, verbs, channels
):
    booking = booking_book(clinic, source="phone")
    patient = {k: timezone.now() if v == "now" else v for k, v in patient.items()}
    Patient.objects.filter(pk=booking.patient_id).update(**patient)
    booking.refresh_from_db()
    as_user(client, frontdesk)

    told = ask(client, booking).json()["told"]
    assert told == move_told(booking) == f"We'll {verbs} the patient the new time."
    assert not Message.objects.filter(booking=booking, kind="booking_moved").exists()

    assert drop(client, booking).json()["moved"] is True
    moved = Message.objects.filter(booking=booking, kind="booking_moved")
    assert sorted(moved.values_list("channel", flat=True)) == channels


@pytest.mark.parametrize(
    ("change", "status", "said"),
    [
        ({"shown_start": (MONDAY + timedelta(hours=1)).isoformat()}, 409, "changed since"),
        ({"start": (MONDAY - timedelta(days=1)).isoformat()}, 400, "has passed"),
        ({"provider": "marcus"}, 400, "no such provider"),
        ({"start": MONDAY.isoformat()}, 400, "already there"),
    ],
)
def test_a_drop_the_move_would_refuse_is_refused_before_any_question(
    client, clinic, frontdesk, frozen_monday, change, status, said
):
    booking = booking_book(clinic, source="phone")
    change = {k: "nobody-here" if v == "marcus" else v for k, v in change.items()}
    before = _traces(booking)

    response = ask(as_user(client, frontdesk), booking, **change)

    assert response.status_code == status
    assert "question" not in response.json()
    assert response.json()["message"].startswith("Not moved.")
    assert said in response.json()["message"]
    assert _traces(booking) == before


def test_only_those_who_may_move_bookings_are_asked(client, clinic, provider_dana, frozen_monday):
    booking = booking_book(clinic, source="phone")

    assert ask(as_user(client, provider_dana), booking).status_code == 403
    assert AuditEntry.objects.filter(actor=provider_dana, action="denied").exists()


# -- the service, whoever calls it -------------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        pytest.param(LATER, id="a-time-taken"),
        pytest.param(MONDAY + timedelta(hours=9), id="after-hours"),  # 6 PM
        pytest.param(MONDAY - timedelta(hours=1), id="before-hours"),  # 8 AM
        pytest.param(MONDAY + timedelta(minutes=5), id="off-the-start-grid"),
    ],
)
def test_the_service_refuses_a_time_that_is_not_free_and_changes_nothing(
    clinic, frontdesk, frozen_monday, when
):
    booking = booking_book(clinic, source="phone")
    booking_book(
        clinic, source="phone", email="bea@example.com", start=LATER, provider=clinic.priya
    )
    before = _traces(booking)

    with pytest.raises(services.SlotTaken) as refused:
        services.booking_reschedule(
            booking=booking, start=when, provider=clinic.priya, actor=frontdesk, online=False
        )

    assert str(refused.value) == services.SLOT_TAKEN
    assert _traces(booking) == before
    assert Booking.objects.get(pk=booking.pk).provider == clinic.dana


def test_a_drop_on_a_time_that_is_not_free_is_refused_before_the_question(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    booking_book(
        clinic, source="phone", email="bea@example.com", start=LATER, provider=clinic.priya
    )
    before = _traces(booking)

    response = ask(as_user(client, frontdesk), booking, to_provider=clinic.priya)

    assert response.status_code == 409 and "question" not in response.json()
    # Refused as the move itself would refuse it, with the nearest free times named.
    # Said as what it is, not as a race lost: "just taken" would not be true.
    assert response.json()["message"].startswith("Not moved. That time is not free (")
    assert "The nearest free times: " in response.json()["message"]
    assert _traces(booking) == before


def test_the_move_check_refuses_as_the_move_does_and_writes_nothing(
    clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    booking_book(
        clinic, source="phone", email="bea@example.com", start=LATER, provider=clinic.priya
    )
    before = _traces(booking)

    with pytest.raises(services.SlotTaken):
        services.booking_move_check(booking=booking, start=LATER, provider=clinic.priya)
    free = services.booking_move_check(booking=booking, start=LATER, provider=clinic.dana)

    assert free.start == LATER
    assert _traces(booking) == before

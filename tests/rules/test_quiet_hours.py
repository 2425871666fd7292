"""No reminder email in the clinic's quiet hours, whichever shape they have: across midnight
(21:00-08:00, the default) or inside one day (00:00-07:00)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from aftercare.models import Reminder
from aftercare.schedule import due_at, quiet_hours_end
from aftercare.sending import reminders_send_due
from bookings.models import Patient
from tests.factories import BookingFactory

CHICAGO = ZoneInfo("America/Chicago")
DAY = date(2027, 5, 4)  # a Tuesday, far from any daylight-saving change


def _moved(clock: str) -> str | None:
    """Where a reminder due at `clock` local on DAY goes ('same' if it stays)."""
    local = datetime.combine(DAY, time.fromisoformat(clock), tzinfo=CHICAGO)
    end = quiet_hours_end(local)
    return None if end is None else end.strftime("%a %H:%M")


@pytest.fixture
def overnight(settings):
    settings.OUTBOX_QUIET_START, settings.OUTBOX_QUIET_END = "21:00", "08:00"


@pytest.fixture
def small_hours(settings):
    settings.OUTBOX_QUIET_START, settings.OUTBOX_QUIET_END = "00:00", "07:00"


def test_overnight_quiet_hours_move_21_30_to_eight_the_next_morning(overnight):
    assert _moved("21:30") == "Wed 08:00"


def test_overnight_quiet_hours_move_07_30_to_eight_the_same_morning(overnight):
    assert _moved("07:30") == "Tue 08:00"


def test_overnight_quiet_hours_start_at_their_start_and_end_at_their_end(overnight):
    assert _moved("21:00") == "Wed 08:00"
    assert _moved("20:59") is None
    assert _moved("08:00") is None
    assert _moved("12:00") is None


def test_quiet_hours_inside_one_day_hold_back_the_small_hours(small_hours):
    assert _moved("00:00") == "Tue 07:00"
    assert _moved("03:00") == "Tue 07:00"
    assert _moved("06:59") == "Tue 07:00"


def test_quiet_hours_inside_one_day_leave_the_rest_of_the_day_alone(small_hours):
    # 21:30 and 07:30 are outside 00:00-07:00: both go out at their own time.
    assert _moved("21:30") is None
    assert _moved("07:30") is None
    assert _moved("07:00") is None
    assert _moved("23:59") is None


def test_a_care_step_due_at_21_30_is_scheduled_for_eight_the_next_morning(overnight):
    due = due_at(session_date=DAY, day_offset=1, send_time=time(21, 30))
    assert due.astimezone(CHICAGO) == datetime(2027, 5, 6, 8, 0, tzinfo=CHICAGO)


def test_a_care_step_at_21_30_keeps_its_time_when_quiet_hours_are_the_small_hours(small_hours):
    due = due_at(session_date=DAY, day_offset=1, send_time=time(21, 30))
    assert due.astimezone(CHICAGO) == datetime(2027, 5, 5, 21, 30, tzinfo=CHICAGO)


@pytest.fixture
def appointment_reminder(clinic):
    patient = Patient.objects.create(
        first_name="Ana",
        last_name="P",
        email="ana@example.com",
        phone="1",
    )
    start = datetime(2027, 5, 6, 15, 0, tzinfo=UTC)  # Thursday 10:00 local
    booking = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=start,
        email=patient.email,
    )
    return Reminder.objects.create(
        kind="appointment",
        patient=patient,
        booking=booking,
        appointment_start=start,
        due_at=datetime(2027, 5, 4, 12, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("quiet", "clock", "sent"),
    [
        (("21:00", "08:00"), "21:30", False),
        (("21:00", "08:00"), "07:30", False),
        (("00:00", "07:00"), "21:30", True),
        (("00:00", "07:00"), "07:30", True),
        (("00:00", "07:00"), "03:00", False),
    ],
)
def test_the_sweep_sends_only_outside_quiet_hours(
    settings, appointment_reminder, quiet, clock, sent
):
    settings.OUTBOX_QUIET_START, settings.OUTBOX_QUIET_END = quiet
    now = datetime.combine(DAY, time.fromisoformat(clock), tzinfo=CHICAGO).astimezone(UTC)
    result = reminders_send_due(now=now)
    assert (result.sent, len(mail.outbox)) == ((1, 1) if sent else (0, 0))
    appointment_reminder.refresh_from_db()
    assert appointment_reminder.status == ("queued" if sent else "pending")
    if not sent:
        local_end = datetime.combine(DAY, time.fromisoformat(quiet[1]), tzinfo=CHICAGO)
        if clock >= quiet[0] and quiet[0] > quiet[1]:
            local_end += timedelta(days=1)
        assert appointment_reminder.due_at == local_end.astimezone(UTC)

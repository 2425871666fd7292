"""A message whose send failed is tried again soon (15 s, then 30 s: a mail server that
refuses is most often restarting, and a confirmation should follow the patient's booking
within a minute of the server's return), then after longer waits, so that it still gives up
about 2 h 36 min after its first failure, after OUTBOX_MAX_ATTEMPTS attempts, as before."""

from datetime import timedelta

from outbox.sending import message_retry_at
from tests.factories import MONDAY


def test_the_first_retries_come_after_15_then_30_seconds_then_after_growing_waits():
    after = [message_retry_at(attempts=n, failed_at=MONDAY) - MONDAY for n in (1, 2, 3, 4)]

    assert after == [
        timedelta(seconds=15),
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=2, minutes=30),
    ]


def test_a_message_still_gives_up_about_two_and_a_half_hours_after_its_first_failure():
    # OUTBOX_MAX_ATTEMPTS' default, 5: four waits, after the 1st to the 4th failed send.
    waits = [message_retry_at(attempts=n, failed_at=MONDAY) - MONDAY for n in range(1, 5)]

    # 1 + 5 + 25 + 125 minutes before the waits were shortened.
    assert timedelta(minutes=155) < sum(waits, timedelta()) <= timedelta(minutes=156)


def test_a_clinic_allowing_more_attempts_waits_the_longest_wait_between_them():
    later = [message_retry_at(attempts=n, failed_at=MONDAY) - MONDAY for n in (5, 6, 9)]

    assert later == [timedelta(hours=2, minutes=30)] * 3

"""A reminder's and a course's status move along aftercare/states.py's tables only: a bulk
move takes just the rows in a status it may come from and says how many; a move the table
refuses raises before anything is written; a course that has begun stays begun."""

from datetime import timedelta

import pytest

from aftercare import services
from aftercare.models import Course, Reminder
from aftercare.states import course_move_to, reminders_move
from practice.states import MoveNotAllowed
from tests.factories import MONDAY, THREE_WEEKS, complete, halo_session

pytestmark = pytest.mark.django_db

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)
R = Reminder.Status


def _statuses(patient) -> dict[int, str]:
    return dict(Reminder.objects.filter(patient=patient).values_list("pk", "status"))


def test_a_bulk_cancel_moves_only_what_is_still_waiting_and_counts_it(
    plan, consulted_patient, clinic
):
    halo_session(clinic, consulted_patient, SESSION)
    reminders = Reminder.objects.filter(patient=consulted_patient)
    failed = reminders.first()
    Reminder.objects.filter(pk=failed.pk).update(status=R.FAILED)
    waiting = reminders.filter(status=R.PENDING).count()
    assert waiting > 0

    moved = reminders_move(reminders, to=R.CANCELLED)

    assert moved == waiting
    statuses = _statuses(consulted_patient)
    assert statuses.pop(failed.pk) == R.FAILED
    assert set(statuses.values()) == {R.CANCELLED}


def test_a_move_the_table_refuses_raises_and_writes_nothing(plan, consulted_patient, clinic):
    halo_session(clinic, consulted_patient, SESSION)
    reminders = Reminder.objects.filter(patient=consulted_patient)
    before = _statuses(consulted_patient)
    # Handed to the outbox, a reminder is the outbox's to follow: it never goes back to waiting.
    with pytest.raises(MoveNotAllowed):
        reminders_move(reminders, to=R.PENDING, from_states=[R.QUEUED])
    with pytest.raises(MoveNotAllowed):
        reminders_move(reminders, to=R.SKIPPED, from_states=[R.PENDING, R.CANCELLED])
    assert _statuses(consulted_patient) == before


def test_a_course_that_began_is_not_cancelled_by_its_booking_going_off(
    plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    complete(booking)
    course = Course.objects.get(booking=booking)
    assert course.status == Course.Status.ACTIVE

    with pytest.raises(MoveNotAllowed):
        course_move_to(course, to=Course.Status.CANCELLED)
    services.reminders_cancel_for(booking=booking)  # the service asks the same table

    course.refresh_from_db()
    assert course.status == Course.Status.ACTIVE

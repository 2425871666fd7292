from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from aftercare import services
from aftercare.models import CareStep, Course, Reminder
from bookings import services as booking_services
from tests.factories import MONDAY, THREE_WEEKS, complete, halo_session, local

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago


def _due(course, kind=Reminder.Kind.CARE_STEP):
    return sorted(
        (r.occurrence, local(r.due_at))
        for r in course.reminders.filter(kind=kind, status="pending")
    )


def test_booking_a_session_schedules_the_before_steps(plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    course = Course.objects.get(booking=booking)
    assert course.status == Course.Status.UPCOMING
    assert course.session_date == date(2027, 5, 3)
    assert _due(course) == [(-14, "2027-04-19 09:00")]


def test_completing_the_session_starts_the_course_from_its_day(
    plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    complete(booking)

    course = Course.objects.get(booking=booking)
    assert course.status == Course.Status.ACTIVE
    due = _due(course)
    assert due[0] == (0, "2027-05-03 18:00")
    sunscreen = [d for day, d in due if 1 <= day <= 14 and d.endswith("08:30")]
    assert len(sunscreen) == 14  # daily from day 1 to day 14, at 8:30 local
    assert (2, "2027-05-05 09:00") not in due  # that step sends no email
    assert (4, "2027-05-07 09:00") in due


def test_a_step_in_quiet_hours_waits_for_the_morning(
    plan, consulted_patient, clinic, frozen_monday
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    assert (5, "2027-05-09 08:00") in _due(course)  # 22:30 on day 5 moves to 8:00 on day 6


def test_reminders_keep_the_local_hour_across_the_november_change(
    plan, consulted_patient, clinic, frozen_monday
):
    # Session on Monday 1 November 2027 at 10:00; clocks go back on Sunday 7 November.
    session = datetime(2027, 11, 1, 15, 0, tzinfo=UTC)
    frozen_monday.move_to(session - timedelta(days=20))
    booking = booking_services.booking_create(
        appointment_type=plan.treatment.appointment_types.get(),
        treatment=plan.treatment,
        start=session,
        provider=clinic.dana,
        patient=consulted_patient,
        patient_details=None,
        source="phone",
        online=False,
    )
    frozen_monday.move_to(session + timedelta(hours=2))
    course = complete(booking).course
    sunscreen = [r for r in course.reminders.filter(step__title="Sunscreen").order_by("due_at")]
    assert {local(r.due_at)[-5:] for r in sunscreen} == {"08:30"}
    assert {local(r.due_at)[:10] for r in sunscreen} >= {"2027-11-06", "2027-11-07", "2027-11-08"}
    by_day = {local(r.due_at)[:10]: r.due_at.astimezone(UTC).hour for r in sunscreen}
    assert by_day["2027-11-06"] == 13  # 8:30 CDT is 13:30 UTC
    assert by_day["2027-11-07"] == 14  # 8:30 CST is 14:30 UTC


def test_moving_the_booking_moves_its_pending_reminders(plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    booking_services.booking_reschedule(
        booking=booking, start=SESSION + timedelta(days=7), online=False
    )
    course = Course.objects.get(booking=booking)
    assert course.session_date == date(2027, 5, 10)
    assert _due(course) == [(-14, "2027-04-26 09:00")]
    appointment = _due(course, Reminder.Kind.APPOINTMENT)
    assert appointment == []  # appointment reminders belong to the booking, not the course
    assert Reminder.objects.filter(booking=booking, status="pending").get().appointment_start == (
        SESSION + timedelta(days=7)
    )


def test_cancelling_the_booking_cancels_everything_pending(plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    booking_services.booking_cancel(booking=booking, reason="Unwell", by_patient=True)
    assert (
        not Reminder.objects.filter(status="pending")
        .exclude(booking__status="completed")
        .filter(course__booking=booking)
        .exists()
    )
    assert not Reminder.objects.filter(booking=booking, status="pending").exists()
    assert Course.objects.get(booking=booking).status == Course.Status.CANCELLED


def test_every_booking_gets_a_reminder_48_hours_ahead_by_default(clinic, frozen_monday):
    booking = booking_services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient_details=booking_services.PatientDetails(
            first_name="C", last_name="D", email="cd@example.com", phone="3125550100"
        ),
        source="online",
    )
    reminder = Reminder.objects.get(booking=booking)
    assert local(reminder.due_at) == "2027-04-17 09:00"


def test_a_booking_made_inside_the_lead_time_gets_no_reminder(clinic, frozen_monday):
    booking = booking_services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        source="online",
        patient_details=booking_services.PatientDetails(
            first_name="C", last_name="D", email="cd@example.com", phone="3125550100"
        ),
    )
    assert not Reminder.objects.filter(booking=booking).exists()


def test_editing_the_plan_does_not_rewrite_a_course_already_started(
    plan, consulted_patient, clinic
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    course = Course.objects.get(booking=booking)
    CareStep.objects.filter(plan=plan, title="Stop retinoids").update(
        title="Changed", day_offset=-7
    )
    CareStep.objects.create(plan=plan, day_offset=-10, title="New step", kind="skin_care")

    assert course.steps.order_by("day_offset").first().title == "Stop retinoids"
    assert _due(course) == [(-14, "2027-04-19 09:00")]
    assert not course.steps.filter(title="New step").exists()


def test_the_same_reminder_cannot_be_scheduled_twice(plan, consulted_patient, clinic):
    booking = halo_session(clinic, consulted_patient, SESSION)
    reminder = Reminder.objects.filter(course__booking=booking).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            kind="care_step",
            patient=reminder.patient,
            course=reminder.course,
            step=reminder.step,
            occurrence=reminder.occurrence,
            due_at=reminder.due_at,
        )


def test_starting_a_course_takes_at_most_six_queries(
    plan, consulted_patient, clinic, frozen_monday, django_assert_max_num_queries
):
    booking = halo_session(clinic, consulted_patient, SESSION)
    Course.objects.filter(booking=booking).delete()  # as if booked before aftercare existed
    frozen_monday.move_to(SESSION - timedelta(minutes=10))
    booking_services.booking_transition(booking=booking, to_status="checked_in")
    from bookings.models import TreatmentSession

    treatment_session = TreatmentSession.objects.create(
        booking=booking,
        patient=booking.patient,
        treatment=booking.treatment,
        provider=booking.provider,
        performed_on=date(2027, 5, 3),
        session_number=1,
        treated_areas="Face",
    )
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    with django_assert_max_num_queries(6):
        course = services.course_start(session=treatment_session)
    assert course.reminders.count() > 14

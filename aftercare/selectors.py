"""Reads with rules in them: what the timeline page shows for one day of a course, and
whether a reminder may still go out."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Value, When

from bookings import access, preferences

from .models import Concern, Course, CourseStep, Reminder, StepKind


def reminder_message_kind(reminder: Reminder) -> preferences.MessageKind:
    """Which of the patient's switches (bookings/preferences.py) a reminder answers to."""
    if reminder.is_of_a_booking:
        return preferences.APPOINTMENT_REMINDERS
    if reminder.step.kind == StepKind.NEXT_SESSION:
        return preferences.NEXT_SESSION
    return preferences.CARE_TIPS


def reminder_still_wanted(reminder: Reminder, *, now: datetime) -> bool:
    """False for a reminder whose booking is off (cancelled, a no-show) or whose appointment
    has begun: it would only confuse. Asked when staff resend and again by the sweep, just
    before sending, so a row left pending by any path still never goes out."""
    if reminder.is_of_a_booking:
        return reminder.booking.is_live and reminder.booking.start > now
    if reminder.course.status == Course.Status.CANCELLED:
        return False
    if reminder.occurrence < 0:
        # Advice for the days before the session ("stop retinoids") is moot once it began.
        booking = reminder.course.booking
        return booking.is_live and booking.start > now
    return True


@dataclass
class TimelineDay:
    day: int
    heading: str
    steps: list[CourseStep]
    carrying_on: CourseStep | None  # the latest "what to expect" still true today
    progress: int  # percent through the healing period
    step_days: list[int]


def day_heading(day: int, treatment_name: str) -> str:
    if day < 0:
        return f"{-day} day{'s' if day != -1 else ''} before your {treatment_name} session"
    if day == 0:
        return f"The day of your {treatment_name} session"
    return f"Day {day} after your {treatment_name} session"


def timeline_day(*, course: Course, day: int) -> TimelineDay:
    steps = list(course.steps.all())
    today = [s for s in steps if day in s.occurrences()]
    earlier = [
        s for s in steps if s.kind == StepKind.EXPECTATION and s.day_offset < day and s not in today
    ]
    # On a day with only routine steps (sunscreen), the last "what to expect" still applies.
    expecting = any(s.kind == StepKind.EXPECTATION for s in today)
    carrying_on = (
        max(earlier, key=lambda s: s.day_offset) if earlier and day >= 0 and not expecting else None
    )
    healing = max(1, course.healing_days)
    progress = max(0, min(100, round(100 * day / healing)))
    step_days = sorted(
        {d for s in steps for d in s.occurrences() if not s.repeat_every_days}
        | {s.day_offset for s in steps}
    )
    return TimelineDay(
        day=day,
        heading=day_heading(day, course.treatment.name),
        steps=today,
        carrying_on=carrying_on,
        progress=progress,
        step_days=step_days,
    )


URGENT_FIRST = Case(
    When(urgency=Concern.Urgency.URGENT, then=Value(0)),
    When(urgency=Concern.Urgency.WORRIED, then=Value(1)),
    default=Value(2),
)


def concerns_open(user) -> list[Concern]:
    """Open concerns of patients the user may see: urgent first, then the longest waiting."""
    return list(
        Concern.objects.filter(
            resolved_at__isnull=True, patient__in=access.patients_visible_to(user)
        )
        .select_related("patient", "course__treatment")
        .order_by(URGENT_FIRST, "created_at")
    )


def concerns_open_count(user) -> int:
    """The menu's badge, on every staff page: read from the open-concerns partial index."""
    open_concerns = Concern.objects.filter(resolved_at__isnull=True)
    if not access.may_see_all_patients(user):
        open_concerns = open_concerns.filter(patient__in=access.patients_visible_to(user))
    return open_concerns.count()

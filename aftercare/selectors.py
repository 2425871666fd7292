"""What the timeline page shows for one day of a course."""

from dataclasses import dataclass

from .models import Course, CourseStep, StepKind


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
    earlier = [s for s in steps if s.kind == StepKind.EXPECTATION and s.day_offset < day
               and s not in today]  # fmt: skip
    # On a day with only routine steps (sunscreen), the last "what to expect" still applies.
    expecting = any(s.kind == StepKind.EXPECTATION for s in today)
    carrying_on = (
        max(earlier, key=lambda s: s.day_offset) if earlier and day >= 0 and not expecting else None
    )
    healing = max(1, course.healing_days)
    progress = max(0, min(100, round(100 * day / healing)))
    step_days = sorted({d for s in steps for d in s.occurrences() if not s.repeat_every_days}
                       | {s.day_offset for s in steps})  # fmt: skip
    return TimelineDay(day=day, heading=day_heading(day, course.treatment.name), steps=today,
                       carrying_on=carrying_on, progress=progress, step_days=step_days)  # fmt: skip

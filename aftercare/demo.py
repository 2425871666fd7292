"""The demo clinic's care plans (aftercare/demo_content.py) and its running courses. Creates
only what is missing."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.demo_day import demo_patients
from bookings.selectors import clinic_zone
from treatments.models import Treatment

from . import demo_content
from .models import CarePlan, CareStep, Concern, Course, Reminder
from .schedule import due_at
from .services import concern_send, course_day
from .states import reminder_move


@transaction.atomic
def aftercare_demo_load() -> dict[str, int]:
    created = {"care_plans": 0, "care_steps": 0}
    for slug, plan_data in demo_content.CARE_PLANS.items():
        treatment = Treatment.objects.filter(slug=slug).first()
        if treatment is None or CarePlan.objects.filter(treatment=treatment).exists():
            continue
        plan = CarePlan.objects.create(
            treatment=treatment, name=plan_data["name"], healing_days=plan_data["healing_days"]
        )
        CareStep.objects.bulk_create(
            CareStep(
                plan=plan,
                day_offset=step["day"],
                title=step["title"],
                what_to_expect=step["expect"],
                what_to_do=step["todo"],
                kind=step["kind"],
                sends_email=step["email"],
                send_time=time.fromisoformat(step["time"]),
                repeat_every_days=step["repeat_every"],
                repeat_until_day=step["repeat_until"],
                position=index,
            )
            for index, step in enumerate(plan_data["steps"])
        )
        created["care_plans"] += 1
        created["care_steps"] += len(plan_data["steps"])
    return created


# The open "something doesn't look right" message on the demo's most recent HALO course
# (day 2 or 3: the sandpaper feel and dark specks of MENDS, which worry patients).
DEMO_CONCERN = (
    "My cheeks feel rough, like sandpaper, and there are lots of tiny dark dots on them "
    "this morning. Is that normal or should I come in?"
)


@transaction.atomic
def aftercare_demo_day_load(*, now: datetime | None = None) -> dict[str, int]:
    """The demo's running courses look lived in: reminders whose time has passed were sent
    (at their own time, not all at once when the worker starts), and one patient has sent an
    open "something doesn't look right" message. Creates only what is missing."""
    now = now or timezone.now()
    created = {"reminders_marked_sent": 0, "concerns": 0}
    courses = list(
        Course.objects.filter(patient__in=demo_patients(), status=Course.Status.ACTIVE)
        .select_related("patient")
        .order_by("-session_date")
    )
    for course in courses:
        for reminder in course.reminders.filter(status=Reminder.Status.PENDING).select_related(
            "step"
        ):
            due = due_at(
                session_date=course.session_date,
                day_offset=reminder.occurrence,
                send_time=reminder.step.send_time,
            )
            if due <= now:
                reminder_move(
                    reminder, to=Reminder.Status.SENT, due_at=due, sent_at=due, attempts=1
                )
                created["reminders_marked_sent"] += 1
    recent = [c for c in courses if 1 < course_day(c, now.astimezone(clinic_zone()).date()) < 7]
    if recent and not Concern.objects.filter(course__in=courses).exists():
        course = recent[0]
        message = concern_send(
            course=course,
            day_offset=course_day(course, now.astimezone(clinic_zone()).date()),
            text=DEMO_CONCERN,
        )
        Concern.objects.filter(pk=message.pk).update(created_at=now - timedelta(hours=2))
        created["concerns"] += 1
    return created

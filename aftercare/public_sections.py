"""What aftercare adds to the public pages: a treatment's healing days, as a strip."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from treatments import sections
from treatments.caching import content_version_bump
from treatments.models import Treatment

from .models import CarePlan, CareStep


def treatment_healing_days(treatment: Treatment) -> sections.Section | None:
    plan = (
        CarePlan.objects.filter(treatment=treatment, is_active=True)
        .prefetch_related("steps")
        .first()
    )
    if plan is None:
        return None
    # What a patient lives through, day by day: the repeated sunscreen nudges and the
    # booking of the next session are the clinic's reminders, not days of healing.
    steps = [step for step in plan.steps.all() if step.kind not in ("sunscreen", "next_session")]
    if not steps:
        return None
    days = [(_when(step), step.title) for step in steps]
    return sections.Section("aftercare/_treatment_days.html", {"days": days})


def _when(step: CareStep) -> str:
    if step.day_offset < 0:
        before = -step.day_offset
        return f"{before} day{'s' if before != 1 else ''} before"
    if step.day_offset == 0:
        return "The day of your session"
    if step.repeat_until_day and step.repeat_until_day != step.day_offset:
        return f"Days {step.day_offset} to {step.repeat_until_day}"
    return f"Day {step.day_offset}"


@receiver([post_save, post_delete], sender=CarePlan)
@receiver([post_save, post_delete], sender=CareStep)
def public_pages_expire(**kwargs) -> None:
    transaction.on_commit(content_version_bump)


sections.register(treatment=treatment_healing_days)

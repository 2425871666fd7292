"""The demo clinic's care plans (aftercare/demo_content.py). Creates only what is missing."""

from datetime import time

from django.db import transaction

from treatments.models import Treatment

from . import demo_content
from .models import CarePlan, CareStep


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
                plan=plan, day_offset=step["day"], title=step["title"],
                what_to_expect=step["expect"], what_to_do=step["todo"], kind=step["kind"],
                sends_email=step["email"], send_time=time.fromisoformat(step["time"]),
                repeat_every_days=step["repeat_every"], repeat_until_day=step["repeat_until"],
                position=index,
            )
            for index, step in enumerate(plan_data["steps"])
        )  # fmt: skip
        created["care_plans"] += 1
        created["care_steps"] += len(plan_data["steps"])
    return created

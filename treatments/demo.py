"""Loads the fictional demo clinic and its treatment pages (treatments/demo_content.py).

Creates what is missing and never overwrites: a clinic that has edited its pages in the admin
can run `make run` again without losing a word, and a second run changes nothing.
"""

from datetime import time

from django.db import transaction

from . import demo_content
from .models import FAQ, Clinic, OpeningHours, Treatment


@transaction.atomic
def treatments_demo_load() -> dict[str, int]:
    """Returns how many rows of each kind it created."""
    created = {"clinic": 0, "opening_hours": 0, "treatments": 0, "faqs": 0}
    clinic, made = Clinic.objects.get_or_create(
        pk=Clinic.SINGLETON_ID, defaults=demo_content.CLINIC
    )
    created["clinic"] += made
    if made:
        OpeningHours.objects.bulk_create(
            OpeningHours(
                clinic=clinic,
                weekday=weekday,
                opens=time.fromisoformat(opens),
                closes=time.fromisoformat(closes),
            )
            for weekday, opens, closes in demo_content.OPENING_HOURS
        )
        created["opening_hours"] += len(demo_content.OPENING_HOURS)

    for entry in demo_content.TREATMENTS:
        fields = {key: value for key, value in entry.items() if key not in ("slug", "faqs")}
        treatment, made = Treatment.objects.get_or_create(
            slug=entry["slug"], defaults={**fields, "is_published": True}
        )
        if not made:
            continue
        created["treatments"] += 1
        FAQ.objects.bulk_create(
            FAQ(treatment=treatment, question=question, answer=answer, position=index)
            for index, (question, answer) in enumerate(entry["faqs"], start=1)
        )
        created["faqs"] += len(entry["faqs"])
    return created

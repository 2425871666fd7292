"""The treatment admin's form as a browser posts it, for tests that save through the admin."""

from treatments.models import Treatment


def treatment_admin_form(treatment: Treatment, **changes) -> dict:
    # As the browser posts the form: an empty optional number is an empty string, and an
    # unchanged picture is not sent at all.
    data = {
        field.name: "" if getattr(treatment, field.name) is None else getattr(treatment, field.name)
        for field in Treatment._meta.get_fields()
        if field.concrete
        and field.editable
        and not field.primary_key
        and field.name not in ("created_at", "updated_at")
        and field.get_internal_type() != "FileField"
    }
    faqs = list(treatment.faqs.all())
    data.update(
        {
            "faqs-TOTAL_FORMS": len(faqs),
            "faqs-INITIAL_FORMS": len(faqs),
            "faqs-MIN_NUM_FORMS": 0,
            "faqs-MAX_NUM_FORMS": 1000,
        }
    )
    for index, faq in enumerate(faqs):
        data.update(
            {
                f"faqs-{index}-id": faq.pk,
                f"faqs-{index}-treatment": treatment.pk,
                f"faqs-{index}-question": faq.question,
                f"faqs-{index}-answer": faq.answer,
                f"faqs-{index}-position": faq.position,
                f"faqs-{index}-is_published": "on" if faq.is_published else "",
            }
        )
    data["is_published"] = "on" if treatment.is_published else ""
    data.update(changes)
    return data

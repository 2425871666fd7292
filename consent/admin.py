"""Managers edit the forms here. Saving new words publishes a new version (the old one stays,
with every signature on it); signed forms are only looked at, and looking is audited."""

import json

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from bookings.admin import ReadOnlyAdmin

from .models import FormKind, FormRequest, FormSubmission, FormTemplate, FormVersion
from .rendering import ANSWERS
from .services import form_version_publish


def questions_validate(questions, *, kind: str = FormKind.INTAKE) -> None:
    if not isinstance(questions, list):
        raise ValidationError("Questions are a list.")
    if questions and kind != FormKind.INTAKE:
        # Answers are health data, readable by clinical roles only; a consent asks none.
        raise ValidationError("Only the medical history asks questions.")
    keys = set()
    for question in questions:
        if not isinstance(question, dict) or not {"key", "label"} <= set(question):
            raise ValidationError('Each question needs a "key" and a "label".')
        if question.get("kind", "text") not in ANSWERS:
            raise ValidationError(f"Kinds are: {', '.join(ANSWERS)}.")
        if question["key"] in keys:
            raise ValidationError(f"The key {question['key']!r} is used twice.")
        keys.add(question["key"])


class VersionInline(admin.TabularInline):
    model = FormVersion
    extra = 0
    fields = ["number", "created_at", "created_by", "content_hash"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "treatment", "is_active", "latest_version"]
    list_filter = ["kind", "is_active"]
    inlines = [VersionInline]
    fields = [
        ("kind", "treatment"),
        "title",
        "body",
        "questions",
        ("asks_photo_release", "valid_months", "is_active"),
        "photo_release_text",
    ]

    @admin.display(description="Version")
    def latest_version(self, obj) -> int | str:
        latest = obj.versions.order_by("-number").first()
        return latest.number if latest else "-"

    def get_readonly_fields(self, request, obj=None):
        # Who may read a signature follows its form's kind: fixed once a version exists.
        if obj is not None and obj.versions.exists():
            return ["kind", "treatment"]
        return []

    def save_model(self, request, obj, form, change) -> None:
        questions_validate(obj.questions, kind=obj.kind)
        super().save_model(request, obj, form, change)
        version = form_version_publish(template=obj, actor=request.user)
        if version is not None:
            messages.info(
                request,
                f"Published as version {version.number}. Forms signed before keep the words "
                "their patients read.",
            )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original = form.clean

        def clean(self):
            data = original(self)
            kind = data.get("kind") or (self.instance.kind if self.instance.pk else "")
            try:
                questions_validate(data.get("questions", []), kind=kind)
            except ValidationError as error:
                self.add_error("questions", error)
            return data

        form.clean = clean
        form.base_fields["questions"].help_text = (
            'A list like [{"key": "pregnant", "label": "Are you pregnant?", "kind": '
            '"yes_no_prefer_not", "flag": ["yes"], "note": "Pregnant"}]. Kinds: '
            + json.dumps(list(ANSWERS))
        )
        return form


@admin.register(FormVersion)
class FormVersionAdmin(ReadOnlyAdmin):
    list_display = ["template", "number", "created_at", "created_by"]


@admin.register(FormRequest)
class FormRequestAdmin(ReadOnlyAdmin):
    list_display = ["template", "patient", "created_at", "signed_at", "withdrawn_at"]


@admin.register(FormSubmission)
class FormSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["version", "patient", "signed_at", "signed_on", "signed_with"]
    list_filter = ["signed_on", "signed_with"]
    # The signature and the answers are shown on the staff page, whose access is checked.
    exclude = ["signature_png", "answers", "rendered_text", "flags"]

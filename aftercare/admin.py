from django.contrib import admin

from bookings.admin import ReadOnlyAdmin

from .models import CarePlan, CareStep, Concern, Course, Reminder

PLAN_NOTE = (
    "Changes apply to courses that start after you save. Patients already part-way through "
    "a course keep the steps, days and times they started with, and their scheduled "
    "reminders are not rewritten."
)


class CareStepInline(admin.StackedInline):
    model = CareStep
    extra = 0
    fields = [
        ("day_offset", "kind", "position"),
        "title",
        "what_to_expect",
        "what_to_do",
        ("sends_email", "send_time"),
        ("repeat_every_days", "repeat_until_day"),
    ]


@admin.register(CarePlan)
class CarePlanAdmin(admin.ModelAdmin):
    list_display = ["name", "treatment", "healing_days", "is_active", "updated_at"]
    inlines = [CareStepInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["treatment", "name", "healing_days", "is_active"],
                "description": PLAN_NOTE,
            },
        )
    ]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            self.message_user(request, PLAN_NOTE)


# Courses and reminders change only through the aftercare services (the staff pages' resend
# and cancel buttons), which keep the rows and the emails in step.
@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["plan_name", "patient", "session_date", "status"]
    list_filter = ["status", "treatment"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["due_at", "kind", "patient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "patient", "urgency", "day_offset", "resolved_at"]
    list_filter = ["urgency"]
    # The photo is shown only on the staff concern page, through its access-checked, audited
    # view: the admin would link to a storage path.
    exclude = ["photo"]

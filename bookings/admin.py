from django.contrib import admin

from .models import (
    AppointmentType,
    Booking,
    BookingStatusChange,
    Patient,
    Provider,
    Resource,
    TimeOff,
    WorkingHours,
    phone_digits,
)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through their services (which keep history, emails and the
    database's rules in step): the back office may look, never add, edit or delete."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["display_name", "title", "is_active", "position"]
    list_editable = ["is_active", "position"]
    filter_horizontal = ["treatments"]
    inlines = [WorkingHoursInline, TimeOffInline]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name", "kind", "treatment", "duration_minutes", "buffer_after_minutes",
        "is_bookable_online", "resource", "is_active",
    ]  # fmt: skip
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "phone", "consents_to_reminders", "created_at"]
    search_fields = ["first_name", "last_name", "email", "phone"]

    def save_model(self, request, obj, form, change) -> None:
        # The front desk searches by these digits; keep them in step with the phone.
        obj.phone_digits = phone_digits(obj.phone)
        super().save_model(request, obj, form, change)


class StatusChangeInline(admin.TabularInline):
    model = BookingStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_by_patient", "reason",
                       "changed_at"]  # fmt: skip

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    """Read-only here: bookings change only through the booking services, which keep the
    overlap rules, the history and the patient's emails right."""

    list_display = ["start", "patient", "provider", "appointment_type", "status", "source"]
    list_filter = ["status", "source", "provider", "appointment_type"]
    search_fields = ["patient__first_name", "patient__last_name", "patient__email"]
    date_hierarchy = "start"
    inlines = [StatusChangeInline]

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from treatments.admin import PublicImagesAdmin

from .audit import audit_view
from .models import (
    AppointmentType,
    Booking,
    BookingStatusChange,
    Closure,
    Patient,
    Provider,
    Resource,
    TimeOff,
    WorkingHours,
)


class ReadOnlyInline(admin.TabularInline):
    """Shown, never changed here: working hours and time off change on the staff pages, whose
    services take the provider's lock, refuse time off over a live booking and audit it."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class WorkingHoursInline(ReadOnlyInline):
    model = WorkingHours


class TimeOffInline(ReadOnlyInline):
    model = TimeOff


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through their services (which keep history, emails, the
    database's rules and the audit trail in step): the back office may look, never add, edit
    or delete. Looking at patient data here is audited like on the staff pages."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def audit_subject(self, obj) -> dict:
        """The patient (and booking) a row is about, for its audit row."""
        if isinstance(obj, Patient):
            return {"patient": obj}
        if isinstance(obj, Booking):
            return {"booking": obj}
        return {"patient": getattr(obj, "patient", None)}

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 200) == 200:
            audit_view(
                request,
                what=f"admin: {self.model._meta.verbose_name_plural} list",
                detail={"query": request.GET.urlencode()[:200]},
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if request.method == "GET" and obj is not None and response.status_code == 200:
            audit_view(
                request, what=f"admin: {self.model._meta.verbose_name}", **self.audit_subject(obj)
            )
        return response


@admin.register(Provider)
class ProviderAdmin(PublicImagesAdmin):
    public_image_fields = ("photo",)
    list_display = ["display_name", "title", "is_active", "on_home_page", "position"]
    list_editable = ["is_active", "on_home_page", "position"]
    filter_horizontal = ["treatments"]
    inlines = [WorkingHoursInline, TimeOffInline]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    """Holidays and early closings: set once; online times, the staff grid and the
    next-session booking leave them out."""

    list_display = ["day", "closes_at", "reason"]
    date_hierarchy = "day"


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "treatment",
        "duration_minutes",
        "buffer_after_minutes",
        "is_bookable_online",
        "resource",
        "is_active",
    ]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Patient)
class PatientAdmin(ReadOnlyAdmin):
    """Read-only here: the desk edits contact details on the staff pages (audited, with the
    same checks on email), and a manager merges duplicates there."""

    list_display = ["full_name", "email", "phone", "wants_appointment_reminders", "created_at"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    exclude = ["merged_into"]


class StatusChangeInline(admin.TabularInline):
    model = BookingStatusChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_status",
        "to_status",
        "changed_by",
        "changed_by_patient",
        "reason",
        "changed_at",
    ]

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


# A second factor's secrets and recovery codes are nobody's to read or set in the back office
# (django-otp registers admins for them, imported before this module): a reset goes through the
# Team page (audited, sessions ended), and setting one up through the person herself.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)

"""The back office for charting's catalogue (areas, devices and their settings), and a
read-only, audited look at charts: they are written and signed off only on the staff pages,
whose services check who, lock and audit."""

from django.contrib import admin

from bookings.admin import ReadOnlyAdmin

from .models import Addendum, Area, Chart, ChartArea, Device, DeviceSetting


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]


class DeviceSettingInline(admin.TabularInline):
    model = DeviceSetting
    extra = 1
    prepopulated_fields = {"key": ["label"]}


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    filter_horizontal = ["treatments"]
    inlines = [DeviceSettingInline]


class ChartAreaInline(admin.TabularInline):
    model = ChartArea
    extra = 0
    can_delete = False
    fields = ["area_name", "settings_text"]
    readonly_fields = ["area_name", "settings_text"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="settings")
    def settings_text(self, obj) -> str:
        return "; ".join(f"{s.label} {s}" for s in obj.settings.all())


class AddendumInline(ChartAreaInline):
    model = Addendum
    fields = ["created_at", "author", "text"]
    readonly_fields = fields


@admin.register(Chart)
class ChartAdmin(ReadOnlyAdmin):
    list_display = ["booking", "device_name", "signed_off_at", "signed_off_by"]
    list_select_related = ["booking__patient", "booking__provider", "device", "signed_off_by"]
    inlines = [ChartAreaInline, AddendumInline]

    def audit_subject(self, obj) -> dict:
        return {"booking": obj.booking}

from django.contrib import admin

from bookings.admin import ReadOnlyAdmin

from .models import Photo


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    """What photos exist, never the image: the bytes are shown only on the staff pages,
    through photos/access.py and its audited view (the admin would link to a storage path).
    Looking here is audited by ReadOnlyAdmin."""

    list_display = ["taken_at", "patient", "session_day", "view", "phase", "area", "ready"]
    list_filter = ["view", "phase"]
    list_select_related = ["patient", "booking", "area"]
    fields = ["public_id", "patient", "booking", "area", "view", "phase", "width", "height"]
    fields += ["taken_at", "taken_by", "renditions_ready_at"]
    readonly_fields = fields

    @admin.display(description="session")
    def session_day(self, photo: Photo):
        return photo.booking.start.date()

    @admin.display(boolean=True, description="copies ready")
    def ready(self, photo: Photo) -> bool:
        return photo.is_ready

from django.contrib import admin
from django.http import HttpRequest

from . import images
from .models import FAQ, Clinic, OpeningHours, Treatment

MARKDOWN_HELP = (
    "Section texts are Markdown: a blank line starts a new paragraph, '- ' starts a bullet, "
    "**bold** makes bold. HTML is removed before the page is shown."
)


class PublicImagesAdmin(admin.ModelAdmin):
    """Writes the resized copies of a picture as it is uploaded, so the page that shows it
    never asks for one that is not there."""

    public_image_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change) -> None:
        changed = [field for field in self.public_image_fields if field in form.changed_data]
        before = {}
        if change and changed:
            before = type(obj).objects.filter(pk=obj.pk).values(*changed).first() or {}
        super().save_model(request, obj, form, change)
        for field in changed:
            image = getattr(obj, field)
            if image:
                images.renditions_store(image)
            # The picture it replaced (or that was cleared) and its copies go: nothing links
            # to them any more, and a provider's portrait should not outlive its removal.
            old = before.get(field)
            if old and old != image.name:
                images.picture_delete(image.storage, old)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Clinic)
class ClinicAdmin(PublicImagesAdmin):
    public_image_fields = ("logo",)
    inlines = [OpeningHoursInline]
    list_display = ["name", "phone", "email", "locality"]
    readonly_fields = ["time_zone"]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "logo"]}),
        ("Contact", {"fields": ["phone", "email", "notification_email", "notification_phone"]}),
        (
            "Bookings",
            {"fields": ["cancellation_window_hours", "reminder_lead_hours", "same_day_text"]},
        ),
        ("Staff logins", {"fields": ["desk_second_factor"]}),
        (
            "Address",
            {
                "fields": [
                    "street_address",
                    "locality",
                    "region",
                    "postal_code",
                    "country",
                    ("latitude", "longitude"),
                    "price_level",
                ]
            },
        ),
        (
            "Time zone",
            {
                "fields": ["time_zone"],
                "description": "Set for the whole deployment by CLINIC_TIME_ZONE.",
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The clinic is one row: once it exists it is edited, never added again.
        return super().has_add_permission(request) and not Clinic.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = ["question", "answer", "position", "is_published"]


@admin.register(Treatment)
class TreatmentAdmin(PublicImagesAdmin):
    public_image_fields = ("hero_image",)
    list_display = ["name", "is_published", "position", "recommended_sessions", "updated_at"]
    list_editable = ["is_published", "position"]
    list_filter = ["is_published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FAQInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "is_published", "position"]}),
        ("Picture", {"fields": ["hero_image", "hero_alt", "artwork"]}),
        (
            "The treatment's card",
            {
                "description": "What the card on the home page and the list shows.",
                "fields": ["suits_in_brief", "downtime_in_brief", "price_from", "procedure_type"],
            },
        ),
        (
            "Series and booking",
            {"fields": ["recommended_sessions", "session_interval_days", "requires_consultation"]},
        ),
        (
            "Page sections",
            {
                "description": MARKDOWN_HELP,
                "fields": [field for field, _heading, _anchor in Treatment.SECTIONS],
            },
        ),
    ]


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin):
    list_display = ["question", "treatment", "position", "is_published"]
    list_filter = ["treatment", "is_published"]
    search_fields = ["question", "answer"]

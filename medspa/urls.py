from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, reverse

from bookings.sitemaps import BookingStartSitemap
from treatments.sitemaps import SITEMAPS
from treatments.views import public_media, robots_txt

from .views import healthz

admin.site.site_header = "Clinic back office"
admin.site.site_title = "Clinic back office"


def _admin_login(request, extra_context=None):
    """The back office has no login of its own: the staff login (its lockouts, its second
    factor) leads there."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login

urlpatterns = [
    path("", include("treatments.urls")),
    path("", include("bookings.urls")),
    path("staff/", include("bookings.staff_urls")),
    path("staff/aftercare/", include("aftercare.staff_urls")),
    path("staff/messages/", include("outbox.staff_urls")),
    path("staff/photos/", include("photos.staff_urls")),
    path("staff/charts/", include("charting.staff_urls")),
    path("staff/forms/", include("consent.staff_urls")),
    path("", include("outbox.urls")),
    path("", include("aftercare.urls")),
    path("", include("consent.urls")),
    path("", include("photos.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("media/<path:path>", public_media, name="public_media"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {**SITEMAPS, "booking": BookingStartSitemap}},
        name="sitemap",
    ),
]

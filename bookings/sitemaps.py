from django.urls import reverse

from treatments.sitemaps import SiteUrlSitemap


class BookingStartSitemap(SiteUrlSitemap):
    """The first step of booking online: where a search for "book HALO" should land. The
    steps after it carry a chosen time or a patient's details and are never listed."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["bookings:start"]

    def location(self, item: str) -> str:
        return reverse(item)

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Treatment


class SiteUrlSitemap(Sitemap):
    """Addresses on SITE_URL, never on the host the request named: asked through another
    allowed host (the bare IP, an old domain), the sitemap must still publish the addresses
    every canonical link and email uses."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PublicPagesSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["treatments:home", "treatments:list", "treatments:faq", "treatments:privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class TreatmentSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Treatment.objects.published()

    def lastmod(self, treatment: Treatment):
        return treatment.updated_at


SITEMAPS = {"pages": PublicPagesSitemap, "treatments": TreatmentSitemap}

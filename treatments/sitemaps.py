from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Treatment


class PublicPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["treatments:home", "treatments:list", "treatments:faq"]

    def location(self, item: str) -> str:
        return reverse(item)


class TreatmentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Treatment.objects.published()

    def lastmod(self, treatment: Treatment):
        return treatment.updated_at


SITEMAPS = {"pages": PublicPagesSitemap, "treatments": TreatmentSitemap}

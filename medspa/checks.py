"""Deployment checks of our own, run by `manage.py check --deploy`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def site_url_is_https(app_configs, **kwargs) -> list[Error]:
    """Every link in an email and text is built from SITE_URL (a message has no request to
    take the address from): in production it must be the site's real https address, or
    patients get links to a laptop, or links that send their signed tokens in the clear."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if (
        parts.scheme != "https"
        or not parts.hostname
        or parts.hostname in ("127.0.0.1", "localhost")
    ):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}; set it to the site's public https address.",
                hint="e.g. SITE_URL=https://book.yourclinic.com (links in emails use it).",
                id="medspa.E001",
            )
        ]
    return []

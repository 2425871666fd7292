"""The site's public address, SITE_URL: the one home for turning a path into the absolute
address an email, a text, a share card or a search engine needs (none of them has a request
to ask)."""

from django.conf import settings


def site_url(path_or_url: str = "") -> str:
    """`path_or_url` on SITE_URL; an address that is absolute already (a picture in a
    bucket) stays as it is."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.SITE_URL.rstrip("/") + path_or_url

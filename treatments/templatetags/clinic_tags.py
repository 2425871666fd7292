import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from practice.site import site_url
from treatments import artwork, structured_data
from treatments.images import Picture
from treatments.markdown import markdown_to_html

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def markdown(text: str) -> SafeString:
    return markdown_to_html(text)


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block; <, > and & are escaped so text typed in
    the admin can never close the script element."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(payload))


@register.simple_tag(takes_context=True)
def page_json_ld(context) -> SafeString:
    """Every public page names the clinic that publishes it, by the clinic's one @id."""
    url = context.get("canonical_url")
    return json_ld(structured_data.web_page_json_ld(url=url)) if url else SafeString("")


@register.simple_tag
def picture(
    picture: Picture | None,
    *,
    alt: str,
    sizes: str,
    css_class: str = "",
    eager: bool = False,
) -> SafeString:
    """A <picture>: WebP for browsers that take it, JPEG or PNG for the rest, the width and
    height so nothing jumps as it loads, and lazy loading unless it is the page's first
    picture (`eager`, which is also fetched early)."""
    if picture is None:
        return SafeString("")
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" '
        '{} decoding="async"></picture>',
        picture.webp_srcset,
        sizes,
        picture.src,
        picture.srcset,
        sizes,
        picture.width,
        picture.height,
        alt,
        css_class,
        SafeString(loading),
    )


@register.simple_tag
def treatment_art(treatment) -> SafeString:
    return artwork.treatment_artwork(treatment.slug, treatment.artwork)


@register.simple_tag
def brand_mark() -> SafeString:
    return artwork.brand_mark()


@register.filter
def absolute_url(url: str) -> str:
    """An address on this site made absolute (a share card's picture must be)."""
    return site_url(url)


@register.simple_tag
def email_logo(clinic) -> SafeString:
    """The clinic's uploaded logo for an email (PNG or JPEG, which every mail client shows),
    200 px wide, absolute on SITE_URL; empty without a logo, so the wordmark stays."""
    logo = clinic.logo_picture if clinic else None
    if logo is None:
        return SafeString("")
    width = 200
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" '
        'style="display: block; border: 0; max-width: 100%; height: auto;">',
        site_url(logo.src),
        width,
        round(logo.height * width / logo.width),
        clinic.name,
    )

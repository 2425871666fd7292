import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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

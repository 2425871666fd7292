"""Markdown from the admin, rendered to HTML that is safe to show patients."""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

# Sections sit under the page's own h2 headings, so content headings start at h3; an h1 or h2
# typed in the admin keeps its words but loses the tag, which keeps the heading order right.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@lru_cache(maxsize=1024)
def markdown_to_html(text: str) -> SafeString:
    """Render `text` and strip everything outside a short allow-list (no script, no style,
    no event handlers, no raw HTML blocks); links get rel="noopener noreferrer"."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # sanitized by nh3 just above

"""Reading an HTML email the way the tests need it: its links by their words, its meta tags,
and the elements that set a text colour without a background. Shared by the booking and the
reminder email tests."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

# "color:" as a property of its own, not the end of "background-color:".
TEXT_COLOUR = re.compile(r"(?<![-\w])color\s*:", re.IGNORECASE)


class EmailHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: dict[str, str] = {}  # the words of a link -> its address
        self.meta: dict[str, str] = {}  # <meta name=...> -> its content
        self.tags: list[tuple[str, dict]] = []
        self._href: str | None = None
        self._words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        if tag == "a":
            self._href, self._words = attrs.get("href", ""), []

    def handle_data(self, data):
        if self._href is not None:
            self._words.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links[" ".join("".join(self._words).split())] = self._href
            self._href = None


def email_html(html: str) -> EmailHtml:
    parsed = EmailHtml()
    parsed.feed(html)
    parsed.close()
    return parsed


def colours_without_background(html: str) -> list[str]:
    """Each element whose inline style sets a text colour but not its background: a mail
    program that inverts backgrounds alone could leave that text unreadable."""
    return [
        f'<{tag} style="{attrs["style"]}">'
        for tag, attrs in email_html(html).tags
        if TEXT_COLOUR.search(attrs.get("style", ""))
        and "background-color" not in attrs["style"]
        and "bgcolor" not in attrs
    ]


def query(url: str) -> dict[str, str]:
    """A link's query, decoded, one value per field."""
    fields = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in fields.values()), fields
    return {name: values[0] for name, values in fields.items()}

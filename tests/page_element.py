"""One element of a page, read as a person reads it: the first element with an id, a class or
a tag name, its attributes, the text inside it (as the parser's pieces), the links in it and,
for a table, its rows as {row heading: [cell words]}. Tests assert on the element that shows
the words, never on the whole page's bytes (tests/readable.py says why)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class PageElement(HTMLParser):
    def __init__(self, *, id=None, cls=None, tag=None):
        super().__init__(convert_charrefs=True)
        self.id, self.cls, self.tag = id, cls, tag
        self.depth = 0
        self.attrs: dict | None = None
        self.pieces: list[str] = []
        self.hrefs: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self._row: list[str] | None = None

    def _is_the_one(self, tag: str, attrs: dict) -> bool:
        return (
            (self.id is not None and attrs.get("id") == self.id)
            or (self.cls is not None and self.cls in (attrs.get("class") or "").split())
            or tag == self.tag
        )

    def handle_starttag(self, tag, attrs):
        attrs = {k: v if v is not None else "" for k, v in attrs}
        if not self.depth:
            if self.attrs is not None or not self._is_the_one(tag, attrs):
                return
            self.attrs = attrs
        if tag not in VOID:
            self.depth += 1
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._row.append("")

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            if tag == "tr" and self._row:
                self.rows[self._row[0]] = self._row[1:]
                self._row = None

    def handle_data(self, data):
        if self.depth:
            self.pieces.append(data)
            if self._row:
                self._row[-1] = " ".join(f"{self._row[-1]} {data}".split())


def page_element(content, **which) -> PageElement:
    """The element `which` (id=, cls= or tag=) of a response or an HTML string."""
    html = content.content.decode() if hasattr(content, "content") else content
    found = PageElement(**which)
    found.feed(html)
    return found

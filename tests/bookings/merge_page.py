"""What the merge page tests read of the page: an element's words, links and table rows (never
the whole page's bytes), and the two records of one person they merge."""

from html.parser import HTMLParser

from django.urls import reverse

from tests.factories import PatientFactory


class _Element(HTMLParser):
    """The words inside the element with `id`, the hrefs of its links and, for a table, its
    rows as {row heading: [cell words]}."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source"}

    def __init__(self, element_id: str):
        super().__init__(convert_charrefs=True)
        self.element_id, self.depth = element_id, 0
        self.words: list[str] = []
        self.hrefs: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0 and attrs.get("id") != self.element_id:
            return
        if tag not in self.VOID:
            self.depth += 1
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._row.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag == "tr" and self._row:
                self.rows[self._row[0]] = self._row[1:]
                self._row = None

    def handle_data(self, data):
        if self.depth:
            self.words.append(data)
            if self._row:
                self._row[-1] = " ".join(f"{self._row[-1]} {data}".split())


def element(response, element_id: str) -> _Element:
    found = _Element(element_id)
    found.feed(response.content.decode())
    return found


def text(response, element_id: str) -> str:
    return " ".join(" ".join(element(response, element_id).words).split())


def merge_url(patient) -> str:
    return reverse("staff:patient_merge", args=[patient.public_id])


def twins_make():
    """Ana's record, and a second one the desk made when she called from a new email."""
    kept = PatientFactory(first_name="Ana", last_name="Rivera", email="ana@example.com")
    duplicate = PatientFactory(
        first_name="Ana", last_name="Rivera", email="ana.new@example.com", phone="+13125550148"
    )
    return kept, duplicate

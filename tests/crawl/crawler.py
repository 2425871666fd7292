"""A small breadth-first crawler over the Django test client: every same-site link and GET
form (with its default values) a role can reach, a few hops from its landing page.

It fails on 404 and 5xx, and on a 403 the role table (PREDICTED) does not predict."""

import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

STAFF_ROLES = {"front desk", "provider", "manager"}
DESK_AND_MANAGER = {"front desk", "manager"}
MANAGER = {"manager"}
EVERYONE = {"anonymous", "no role", *STAFF_ROLES}

# The role table (README, bookings/access.py) as URL name -> the roles that may open it. A
# staff URL name missing here is predicted open to every staff role, so a 403 on a link shown
# to someone fails the crawl until the table says otherwise.
PREDICTED: dict[str, set[str]] = {
    "staff:login": EVERYONE,
    "staff:home": STAFF_ROLES,
    "staff:day": STAFF_ROLES,
    "staff:week": STAFF_ROLES,
    "staff:booking": STAFF_ROLES,
    "staff:patients": STAFF_ROLES,
    "staff:patient": STAFF_ROLES,
    "staff_aftercare:queue": STAFF_ROLES,
    "staff:booking_new": DESK_AND_MANAGER,
    "staff:booking_move": DESK_AND_MANAGER,
    "staff:time_off_new": DESK_AND_MANAGER,
    "staff:time_off": DESK_AND_MANAGER,
    "staff:time_off_edit": DESK_AND_MANAGER,
    "staff:patient_edit": DESK_AND_MANAGER,
    "staff:working_hours": MANAGER,
    "staff:patient_merge": MANAGER,
    "staff:patient_export": MANAGER,
    "staff:patient_erase": MANAGER,
    "staff:dashboard": MANAGER,
    "staff:export_day": MANAGER,
    "staff:export_range": MANAGER,
    "staff:audit": MANAGER,
    "staff:team": MANAGER,
    "staff:second_factor_reset": MANAGER,
}
SKIPPED_NAMES = {"staff:logout"}
SAME_SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}


def roles_allowed(url_name: str) -> set[str]:
    if url_name in PREDICTED:
        return PREDICTED[url_name]
    if url_name.startswith("admin:"):
        return MANAGER
    if url_name.startswith("staff"):
        return STAFF_ROLES
    return EVERYONE


class _PageLinks(HTMLParser):
    """Hrefs of <a>, and GET forms with the values they would submit untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": [],
                "options": {},
                "limits": {},
                "kinds": {},  # name -> what the browser shows: tag, type, inputmode, maxlength
            }
            self.forms.append(self._form)
        if self._form is None or tag == "form":
            return
        if tag in ("input", "textarea") and (attrs.get("maxlength") or "").isdigit():
            self._form["limits"][attrs.get("name")] = int(attrs["maxlength"])
        if tag in ("input", "textarea", "select") and attrs.get("name"):
            self._form["kinds"][attrs["name"]] = ":".join(
                [tag, *(attrs.get(a) or "" for a in ("type", "inputmode", "maxlength"))]
            )
        if tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "file"):
                self._form["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form["options"][self._select] = []
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._form["options"][self._select].append((value, "selected" in attrs))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form["fields"].append((attrs["name"], ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            for name, options in self._form["options"].items():
                chosen = [v for v, selected in options if selected] or [v for v, _ in options[:1]]
                self._form["fields"] += [(name, value) for value in chosen]
            self._form = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)


def page_parse(html: str) -> _PageLinks:
    parser = _PageLinks()
    parser.feed(html)
    return parser


def url_normalise(url: str) -> str | None:
    """Path plus sorted query, for the visited set; None for another site or not a page."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SAME_SITE_HOSTS:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("/static/"):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class Crawl:
    role: str
    pages: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    predicted_403: int = 0
    seconds: float = 0.0
    visited: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # predicted 403s: links one may not open
    # One page of each kind (URL name) as served, for the HTML checker: {name: (url, html)}.
    html_by_name: dict[str, tuple[str, str]] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)  # pages visited per URL name
    skipped_of_a_kind: int = 0  # addresses left because their kind had its share


class Crawler:
    def __init__(
        self,
        client: Client,
        *,
        role: str,
        max_pages: int = 300,
        max_depth: int = 4,
        max_per_kind: int = 25,
    ):
        self.client, self.role = client, role
        self.max_pages, self.max_depth = max_pages, max_depth
        # At most this many addresses of one kind (one URL name): the day's free times link
        # to 250 booking forms that differ only in the time, and a crawl spent on them never
        # reached the kinds of page after them.
        self.max_per_kind = max_per_kind
        self.admin_pages: set[str] = set()

    def _admin_wanted(self, path: str) -> bool:
        """Only the manager, and only the admin's index, one patient and one booking page."""
        if self.role != "manager":
            return False
        if path == "/admin/":
            return True
        for kind in ("/admin/bookings/patient/", "/admin/bookings/booking/"):
            rest = path.removeprefix(kind)
            if rest != path and rest.endswith("/change/") and rest.count("/") == 2:
                if kind in self.admin_pages:
                    return False
                self.admin_pages.add(kind)
                return True
        return False

    def _wanted(self, url: str) -> str | None:
        key = url_normalise(url)
        if key is None:
            return None
        path = urlsplit(key).path
        if path.startswith("/admin/") and not self._admin_wanted(path):
            return None
        if url_name(path) in SKIPPED_NAMES:
            return None
        return key

    def run(self, start: str) -> Crawl:
        began = time.monotonic()
        report = Crawl(role=self.role)
        seen: set[str] = set()
        queue = deque([(start, 0, "(start)")])
        while queue and report.pages < self.max_pages:
            url, depth, referrer = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            kind = url_name(urlsplit(url).path) or urlsplit(url).path
            if report.kinds.get(kind, 0) >= self.max_per_kind:
                report.skipped_of_a_kind += 1
                continue
            report.kinds[kind] = report.kinds.get(kind, 0) + 1
            response = self.client.get(url)
            report.pages += 1
            report.visited.append(url)
            status = response.status_code
            report.statuses[status] = report.statuses.get(status, 0) + 1
            self._judge(report, url, status, referrer)
            self._keep_html(report, url, response)
            if depth >= self.max_depth:
                continue
            for link in self._links(url, response):
                key = self._wanted(link)
                if key is not None and key not in seen:
                    queue.append((key, depth + 1, url))
        report.seconds = time.monotonic() - began
        return report

    def _judge(self, report: Crawl, url: str, status: int, referrer: str) -> None:
        name = url_name(urlsplit(url).path) or "?"
        if status == 404 or status >= 500:
            report.failures.append(f"{status} {url} ({name}), linked from {referrer}")
        elif status == 403:
            if self.role in roles_allowed(name):
                report.failures.append(
                    f"403 not predicted for {self.role}: {url} ({name}), linked from {referrer}"
                )
            else:
                report.predicted_403 += 1
                report.refused.append(f"{url} ({name}), linked from {referrer}")

    def _keep_html(self, report: Crawl, url: str, response) -> None:
        path = urlsplit(url).path
        if response.status_code != 200 or path.startswith("/admin/"):
            return  # the admin's HTML is Django's own
        if "text/html" not in response.get("Content-Type", ""):
            return
        name = url_name(path) or path
        if name not in report.html_by_name:
            report.html_by_name[name] = (url, response.content.decode("utf-8", errors="replace"))

    def _links(self, url: str, response) -> list[str]:
        if response.status_code in (301, 302, 303, 307, 308):
            return [urljoin(url, response["Location"])]
        if "text/html" not in response.get("Content-Type", ""):
            return []
        page = page_parse(response.content.decode("utf-8", errors="replace"))
        links = [urljoin(url, href) for href in page.links]
        for form in page.forms:
            if form["method"] != "get":
                continue
            action = urljoin(url, form["action"] or url).split("?")[0]
            links.append(f"{action}?{urlencode(form['fields'])}")
        return links

"""The fuzz's targets and payloads: every staff URL from the URL conf, the fields of the forms
those pages show (and the query parameters the views read), and input a browser never sends
from our pages. Each request is judged by two rules: no 5xx, and no row changed by input that
is invalid."""

import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from bookings.models import Booking, BookingStatusChange, Note, Patient, TimeOff, WorkingHours

from .crawler import page_parse, url_name

STAFF_NAMESPACES = (
    "staff",
    "staff_aftercare",
    "staff_outbox",
    "consent_staff",
    "charting",
    "staff_photos",
)
# The login and its second step: a verified session is sent straight on from the second step,
# and the login's own bad input has tests of its own (tests/bookings/test_second_factor.py).
SKIPPED = {"staff:login", "staff:logout", "staff:second_step", "staff:second_factor_set_up"}
# Query parameters the staff views read, beside those of the forms on the pages.
QUERY_PARAMS = ["date", "week", "start", "provider", "patient", "q", "page"]
WATCHED = [Booking, Patient, TimeOff, WorkingHours, Note, BookingStatusChange]
# Django takes a formset's size from TOTAL_FORMS; it ignores MIN/MAX_NUM_FORMS sent by the
# client, and INITIAL_FORMS only matters to model formsets, so those three may be anything.
FORMSET_COUNTS = ("TOTAL_FORMS",)
LONG = "x" * 400
# name -> (the value as it goes on the wire, already percent-encoded)
PAYLOADS = {
    "nul": "a%00b",
    "not utf-8": "%FF%FE",
    "long": quote(LONG),
    "negative": "-1",
    "huge": "100000000",
}


@dataclass(frozen=True)
class Form:
    action: str
    method: str
    fields: tuple[tuple[str, str], ...]
    limits: tuple[tuple[str, int], ...]


def staff_url_names() -> list[tuple[str, dict]]:
    """(namespaced name, its keyword arguments and their converters) of every staff URL."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in STAFF_NAMESPACES:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    name = f"{entry.namespace}:{pattern.name}"
                    if name not in SKIPPED:
                        found.append((name, dict(pattern.pattern.converters)))
    return found


def staff_urls(values: dict[str, object]) -> list[str]:
    """Every staff URL, its ids taken from `values` (a made-up one when unknown: a 404)."""
    urls = []
    for name, kwargs in staff_url_names():
        # A made-up value of each part's own kind: a number for <int:…>, a UUID otherwise.
        filled = {
            k: values.get(k, 1 if isinstance(c, IntConverter) else uuid.uuid4())
            for k, c in kwargs.items()
        }
        try:
            urls.append(reverse(name, kwargs=filled))
        except Exception:  # an int id given a UUID: try a number
            urls.append(reverse(name, kwargs={k: 1 for k in kwargs}))
    return urls


def forms_harvest(client, urls: list[str]) -> tuple[list[Form], dict[str, set[str]]]:
    """The forms on each page (by action and field names), and the query names per URL."""
    forms: dict[tuple, Form] = {}
    queries: dict[str, set[str]] = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue  # a POST-only action: fuzzed through its form
        queries[url] = set(QUERY_PARAMS)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for form in page_parse(response.content.decode()).forms:
            action = urljoin(url, form["action"] or url).split("?")[0]
            if form["method"] == "get":
                queries.setdefault(action, set(QUERY_PARAMS)).update(n for n, _ in form["fields"])
                continue
            if url_name(urlsplit(action).path) in SKIPPED:
                continue
            fields = tuple(f for f in form["fields"] if f[0] != "csrfmiddlewaretoken")
            key = (action, tuple(sorted({n for n, _ in fields})))
            forms.setdefault(key, Form(action, "post", fields, tuple(form["limits"].items())))
    return list(forms.values()), queries


def fields_to_fuzz(form: Form) -> list[str]:
    """One field of each shape: hours-0-start stands for hours-6-start too."""
    shapes: dict[str, str] = {}
    for name, _ in form.fields:
        shapes.setdefault(re.sub(r"-\d+-", "-N-", name), name)
    return list(shapes.values())


def is_invalid(payload: str, name: str, limits: dict[str, int]) -> bool:
    """Whether `payload` in field `name` is input the app must refuse (so it writes nothing)."""
    if payload in ("nul", "not utf-8"):
        return True
    if payload == "long":
        return limits.get(name, 10**6) < len(LONG)
    return name.endswith(FORMSET_COUNTS)


def body_encode(fields, *, name: str, wire_value: str) -> str:
    pairs = [(n, quote(v)) for n, v in fields if n != name] + [(name, wire_value)]
    return "&".join(f"{quote(n)}={v}" for n, v in pairs)


def _snapshot_sql() -> str:
    parts = []
    for model in WATCHED:
        changed = (
            "max(updated_at)::text"
            if any(f.name == "updated_at" for f in model._meta.fields)
            else "''"
        )
        parts.append(f"SELECT count(*), max(id), {changed} FROM {model._meta.db_table}")
    return " UNION ALL ".join(parts)


def rows_snapshot() -> list:
    """Row counts, the newest id and (where there is one) the latest updated_at of the tables
    bad input must never touch, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        return cursor.fetchall()

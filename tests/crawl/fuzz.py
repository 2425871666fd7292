"""The fuzz's targets and payloads: every staff URL from the URL conf, the fields of the forms
those pages show (and the query parameters the views read), and input a browser never sends
from our pages. Each request is judged by two rules: no 5xx, and no row changed by input that
is invalid."""

import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import HttpRequest, QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils.functional import cached_property

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
# Refused by medspa.middleware.BadInputMiddleware before any view reads the request.
REFUSED_BEFORE_ANY_VIEW = ("nul", "not utf-8")


@dataclass(frozen=True)
class Form:
    action: str
    method: str
    fields: tuple[tuple[str, str], ...]
    limits: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, str], ...] = ()


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
            forms.setdefault(
                key,
                Form(
                    action,
                    "post",
                    fields,
                    tuple(form["limits"].items()),
                    tuple(form["kinds"].items()),
                ),
            )
    return list(forms.values()), queries


# -- which query names a page reads --------------------------------------------------------------

EVERY_NAME = "*"
_names_read: ContextVar[set[str] | None] = ContextVar("names_read", default=None)
_in_view: ContextVar[bool] = ContextVar("in_view", default=False)


def _reading(method, *, whole: bool = False):
    """`method` of QueryDict, noting the name it reads (or, for a method that reads them all,
    EVERY_NAME) while names are being recorded."""

    def wrapper(self, *args, **kwargs):
        read = _names_read.get()
        if read is not None and getattr(self, "from_query_string", False):
            read.add(EVERY_NAME if whole or not args else str(args[0]))
        return method(self, *args, **kwargs)

    return wrapper


def _query_marked(get):
    """WSGIRequest.GET, marked as the request's query (its POST and the QueryDicts built from
    it are other dictionaries: a copy of the query counts as reading it whole)."""

    def marked(request):
        query = get(request)
        query.from_query_string = True
        return query

    marked = cached_property(marked)
    marked.__set_name__(WSGIRequest, "GET")
    return marked


def _view_reading_query(method):
    """`request.get_full_path()` and the like, noted as reading every name when a view or its
    template asks (the audit middleware keeps every request's path, whatever it is)."""

    def wrapper(self, *args, **kwargs):
        read = _names_read.get()
        if read is not None and _in_view.get():
            read.add(EVERY_NAME)
        return method(self, *args, **kwargs)

    return wrapper


def _in_view_marked(make_view_atomic):
    """BaseHandler.make_view_atomic, which wraps each request's view just before the call:
    the wrapper marks the view's own time (a page rendered with render() is rendered there)."""

    def wrapper(self, view):
        atomic = make_view_atomic(self, view)

        def marked(*args, **kwargs):
            token = _in_view.set(True)
            try:
                return atomic(*args, **kwargs)
            finally:
                _in_view.reset(token)

        return marked

    return wrapper


NAME_READERS = ("__getitem__", "__contains__", "get", "getlist", "_getlist")
WHOLE_READERS = (
    "__iter__",
    "__len__",
    "keys",
    "items",
    "lists",
    "values",
    "dict",
    "copy",
    "__copy__",
    "__deepcopy__",
    "urlencode",
)


@contextmanager
def query_names_recorded():
    """The names of the query string the code reads while inside, into the set yielded.

    A request that carries one name more than another runs the same code as the other up to
    the moment something reads that name, or reads the query as a whole (its length, its
    items, a copy, `get_full_path()` in a view or a template). So where a page, opened with no
    query, never reads `name`, a value of `name` cannot change what it does, and fuzzing that
    value only renders the same page again."""
    read: set[str] = set()
    patched = [
        (QueryDict, attribute, _reading(getattr(QueryDict, attribute)))
        for attribute in NAME_READERS
    ]
    patched += [
        (QueryDict, attribute, _reading(getattr(QueryDict, attribute), whole=True))
        for attribute in WHOLE_READERS
    ]
    patched += [
        (HttpRequest, attribute, _view_reading_query(getattr(HttpRequest, attribute)))
        for attribute in ("get_full_path", "get_full_path_info")
    ]
    patched.append((BaseHandler, "make_view_atomic", _in_view_marked(BaseHandler.make_view_atomic)))
    patched.append((WSGIRequest, "GET", _query_marked(WSGIRequest.__dict__["GET"].real_func)))
    originals = [
        (owner, attribute, owner.__dict__.get(attribute)) for owner, attribute, _ in patched
    ]
    token = _names_read.set(read)
    try:
        for owner, attribute, replacement in patched:
            setattr(owner, attribute, replacement)
        yield read
    finally:
        for owner, attribute, original in originals:
            if original is None:
                delattr(owner, attribute)
            else:
                setattr(owner, attribute, original)
        _names_read.reset(token)


def query_names_read(client, url: str) -> set[str]:
    """The query names the page at `url` reads, opened by `client` with no query."""
    with query_names_recorded() as read:
        client.get(url)
    return read


def query_values(client, url: str, names, payloads) -> tuple[list[tuple[str, str]], int]:
    """(name, payload) pairs to send in `url`'s query, and how many were left out: the bytes
    no page sends go in every name (a middleware refuses them before any view); numbers and
    the long value go only in the names the page reads, and in every name it reads, known or
    not (query_names_recorded says why that is enough)."""
    read = query_names_read(client, url)
    pairs, unread = [], 0
    for name in sorted(set(names) | read - {EVERY_NAME}):
        for payload in payloads:
            if payload not in REFUSED_BEFORE_ANY_VIEW and not read & {name, EVERY_NAME}:
                unread += 1
            else:
                pairs.append((name, payload))
    return pairs, unread


def fields_to_fuzz(form: Form) -> list[str]:
    """One field of each shape: a field whose name differs from another's only by its numbers,
    and which the page shows alike (the same tag, type, inputmode and length), is made by the
    same code: hours-0-start stands for hours-6-start, and a chart's setting_3_energy (the
    energy of the third area) for setting_7_energy."""
    kinds = dict(form.kinds)
    shapes: dict[tuple[str, str], str] = {}
    for name, _ in form.fields:
        shapes.setdefault((re.sub(r"\d+", "N", name), kinds.get(name, "")), name)
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

"""Every staff URL and form, fed bytes and numbers no page of ours sends, as each role: no
response is a 5xx and no invalid input changes a row (tests/crawl/fuzz.py says what is
invalid). Bounded to a few thousand requests."""

import time

import pytest

from aftercare.models import Concern, Reminder
from bookings.models import Booking, TimeOff
from outbox.models import Message

from .demo import role_client
from .fuzz import (
    PAYLOADS,
    body_encode,
    fields_to_fuzz,
    forms_harvest,
    is_invalid,
    query_values,
    rows_snapshot,
    staff_urls,
)

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
# Bounds each role's run: together the 5,200 requests the single test once had (the clinical
# record's pages added ~300, the team page and its reset ~120), the desk's and the manager's
# about a minute each on one core.
MAX_REQUESTS_PER_ROLE = {
    "front desk": 1850,
    "provider": 1200,
    "manager": 1850,
    "no role": 450,
    "anonymous": 450,
}


def _ids(demo) -> dict:
    booking = (
        Booking.objects.filter(provider=demo.dana, status=Booking.Status.CONFIRMED)
        .order_by("start")
        .first()
    )
    return {
        "provider_id": demo.dana.public_id,
        "booking_id": booking.public_id,
        "patient_id": booking.patient.public_id,
        "reminder_id": Reminder.objects.order_by("due_at").first().pk,
        "concern_id": Concern.objects.first().public_id,
        "message_id": Message.objects.first().public_id,
        "time_off_id": TimeOff.objects.first().pk,
    }


class Fuzz:
    def __init__(self):
        self.requests = 0
        self.unread = 0  # query values not sent: their page never reads that name
        self.failures: list[str] = []

    def send(
        self,
        client,
        method: str,
        url: str,
        *,
        body: str = "",
        content_type=FORM,
        invalid: bool,
        what: str,
    ) -> None:
        before = rows_snapshot() if invalid else None
        response = client.generic(method, url, body, content_type=content_type)
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {method} {url} [{what}]")
        if invalid and rows_snapshot() != before:
            self.failures.append(f"rows changed by {method} {url} [{what}]")


# Which payloads each role sends in query strings and forms. Bad bytes (a NUL, bytes that are
# not UTF-8) are refused by medspa/middleware.py before any view runs, whoever asks: the
# manager, who reaches every view, sends them to every field; sending them again as the desk
# and the provider only repeated the middleware's answer (a third of the fuzz's time). The
# rest (too long, negative, huge) takes each role's own path through the views.
ROLE_PAYLOADS = {
    "manager": list(PAYLOADS),
    "front desk": ["long", "negative", "huge"],
    "provider": ["long", "negative"],
    "no role": ["nul"],
    "anonymous": ["nul"],
}
ROLES_POSTING_FORMS = {"manager", "front desk", "provider"}


def _role_fuzz(fuzz: Fuzz, role: str, urls, forms, queries) -> None:
    client = role_client(role)
    posted = {f.action for f in forms}
    for url in urls:  # wrong methods: none of these may change anything
        for method in ("PUT", "DELETE"):
            fuzz.send(client, method, url, invalid=True, what="wrong method")
        if url not in posted:
            fuzz.send(client, "POST", url, invalid=True, what="POST on a page")
    for url, names in queries.items():
        pairs, unread = query_values(client, url, names, ROLE_PAYLOADS[role])
        fuzz.unread += unread
        for name, payload in pairs:
            wire = PAYLOADS[payload]
            fuzz.send(client, "GET", f"{url}?{name}={wire}", invalid=True, what=payload)
    for form in forms:
        fuzz.send(client, "GET", form.action, invalid=True, what="GET on a form's action")
        defaults = body_encode(form.fields, name="", wire_value="")
        fuzz.send(
            client,
            "POST",
            form.action,
            body=defaults,
            invalid=True,
            what="utf-7",
            content_type=f"{FORM}; charset=utf-7",
        )
        if role not in ROLES_POSTING_FORMS:
            continue
        for name in fields_to_fuzz(form):
            for payload in ROLE_PAYLOADS[role]:
                body = body_encode(form.fields, name=name, wire_value=PAYLOADS[payload])
                invalid = is_invalid(payload, name, dict(form.limits))
                fuzz.send(
                    client,
                    "POST",
                    form.action,
                    body=body,
                    invalid=invalid,
                    what=f"{name}={payload}",
                )


# One test per role, so that pytest-xdist spreads the fuzz over its workers (it was one test
# of about 5,000 requests, the suite's longest by far): the roles in two groups of about 2,500
# requests, each group on one worker and one load of the demo.
ROLE_GROUPS = {
    "front desk": "demo-fuzz-1",
    "provider": "demo-fuzz-2",
    "manager": "demo-fuzz-2",
    "no role": "demo-fuzz-1",
    "anonymous": "demo-fuzz-1",
}


@pytest.mark.parametrize(
    "role",
    [
        pytest.param(role, marks=pytest.mark.xdist_group(group))
        for role, group in ROLE_GROUPS.items()
    ],
)
def test_bad_bytes_numbers_and_methods_never_make_a_5xx_or_change_a_row(demo, role):
    began = time.monotonic()
    urls = staff_urls(_ids(demo))
    forms, queries = forms_harvest(role_client("manager"), urls)
    fuzz = Fuzz()
    _role_fuzz(fuzz, role, urls, forms, queries)
    assert fuzz.requests < MAX_REQUESTS_PER_ROLE[role], (
        f"the fuzz grew past its bound: {fuzz.requests}"
    )
    seconds = time.monotonic() - began
    print(
        f"fuzz as {role}: {fuzz.requests} requests ({fuzz.unread} query values not sent to "
        f"pages that never read them), {len(urls)} URLs, {len(forms)} forms, {seconds:.0f} s"
    )

    assert fuzz.failures == [], "\n".join(fuzz.failures)

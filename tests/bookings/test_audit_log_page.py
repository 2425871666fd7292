"""The audit log page: keyset pages ("older than" an entry) with no total count, a jump to a
date, filters read from a form (a malformed one shows nothing, never everything), and rows that
say which booking and show their details readably."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import AuditEntry, Patient
from tests.factories import MONDAY, BookingFactory, as_user

NOON = datetime(2026, 4, 1, 17, 0, tzinfo=UTC)  # 12:00 in the clinic, in the past


@pytest.fixture
def patient(clinic):
    return Patient.objects.create(
        first_name="Ana", last_name="Patient", email="ana@example.com", phone="1"
    )


def entries_add(count: int, *, start=NOON, **fields) -> list[AuditEntry]:
    # Three entries share each moment, so the pages must break ties by id.
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            at=start - timedelta(minutes=i // 3),
            action="view",
            what=f"page {i}",
            by="staff" if fields.get("actor") else "system",
            **fields,
        )
        for i in range(count)
    )


def newest_first() -> list[str]:
    return list(AuditEntry.objects.order_by("-at", "-id").values_list("what", flat=True))


def shown(html: str) -> list[str]:
    return re.findall(r"\bpage \d+\b", html)


def older_link(html: str) -> str | None:
    found = re.search(r'href="([^"]*)" rel="next"', html)
    return unescape(found.group(1)) if found else None


def newer_link(html: str) -> str | None:
    found = re.search(r'href="([^"]*)" rel="prev"', html)
    return unescape(found.group(1)) if found else None


def test_older_pages_walk_every_entry_once_and_newer_pages_walk_back(client, manager):
    entries_add(120)
    url = reverse("staff:audit")
    pages, html = [], as_user(client, manager).get(url).content.decode()
    pages.append(shown(html))
    while link := older_link(html):
        html = client.get(url + link).content.decode()
        pages.append(shown(html))
    assert [len(page) for page in pages] == [50, 50, 20]
    assert [what for page in pages for what in page] == newest_first()
    back = client.get(url + newer_link(html)).content.decode()
    assert shown(back) == pages[1]


def test_no_page_counts_the_log_and_the_queries_do_not_grow_with_it(client, manager, patient):
    as_user(client, manager)
    entries_add(3, patient=patient)

    def page_queries() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:audit")).status_code == 200
        return [query["sql"] for query in queries]

    few = page_queries()
    entries_add(200, start=NOON + timedelta(days=1), patient=patient)
    many = page_queries()
    assert len(few) == len(many)
    counts = [sql for sql in many if "COUNT(" in sql.upper()]
    # The only counts on a staff page are the menu's badges (open concerns, texts waiting),
    # each on its own partial index.
    badges = ('FROM "aftercare_concern"', 'FROM "outbox_inboundtext"')
    assert all(any(table in sql for table in badges) for sql in counts), counts


def test_a_jump_to_a_date_starts_at_that_days_last_entry(client, manager):
    entries_add(10, start=NOON)
    entries_add(10, start=NOON - timedelta(days=3))
    html = as_user(client, manager).get(reverse("staff:audit"), {"day": "2026-03-29"}).content
    assert shown(html.decode()) == newest_first()[10:]


@pytest.mark.parametrize(
    "query",
    [
        {"patient": "not-a-uuid"},
        {"patient": "00000000-0000-0000-0000-000000000000"},
        {"action": "delete"},
        {"actor": "nobody-by-that-name"},
        {"older": "12x.4"},
        {"day": "1900-01-01"},
        {"actor": "desk\x00"},
        {"patient": "\x00"},
        {"older": "1\x00.2"},
        {"newer": "9" * 39 + ".1"},
    ],
)
def test_a_filter_that_cannot_be_read_shows_nothing_not_everything(client, manager, patient, query):
    entries_add(3)  # rows with no patient: exactly what a dropped filter would list
    response = as_user(client, manager).get(reverse("staff:audit"), query)
    assert response.status_code == 400
    assert shown(response.content.decode()) == []


def test_filters_by_staff_member_patient_and_action(client, manager, frontdesk, patient):
    AuditEntry.objects.create(
        by="staff", actor=frontdesk, action="view", what="page 1", patient=patient
    )
    AuditEntry.objects.create(
        by="staff", actor=manager, action="change", what="page 2", patient=patient
    )
    AuditEntry.objects.create(by="staff", actor=frontdesk, action="change", what="page 3")
    as_user(client, manager)
    url = reverse("staff:audit")
    assert shown(client.get(url, {"actor": "desk"}).content.decode()) == ["page 3", "page 1"]
    by_patient = client.get(url, {"patient": str(patient.public_id)}).content.decode()
    assert shown(by_patient) == ["page 2", "page 1"]
    both = {"action": "change", "actor": "desk"}
    assert shown(client.get(url, both).content.decode()) == ["page 3"]


def test_a_row_links_its_booking_and_shows_its_details_readably(client, clinic, manager, patient):
    booking = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        email=patient.email,
    )
    AuditEntry.objects.create(
        by="staff",
        actor=manager,
        action="change",
        what="booking status",
        booking=booking,
        patient=patient,
        detail={"from_status": "confirmed", "to": "cancelled", "areas": ["cheeks", "chin"]},
    )
    html = as_user(client, manager).get(reverse("staff:audit")).content.decode()
    assert reverse("staff:booking", kwargs={"booking_id": booking.public_id}) in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "from status: confirmed" in text and "areas: cheeks, chin" in text
    assert "from_status" not in html

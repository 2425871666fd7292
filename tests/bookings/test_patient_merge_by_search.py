"""The merge page as a manager uses it: find the duplicate by search, see the two records side
by side, swap which is kept if need be, then confirm. Every record shown is audited, and bad
input gets a message on the page, never an error page, and changes nothing."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import AuditEntry, Note, Patient
from tests.factories import MONDAY, BookingFactory, as_user

from .merge_page import element, merge_url, text, twins_make


@pytest.fixture
def twins(clinic):
    return twins_make()


def test_the_duplicate_is_found_by_search_and_the_search_is_audited(client, manager, twins):
    kept, duplicate = twins
    page = as_user(client, manager).get(merge_url(kept), {"q": "ana rivera"})
    assert page.status_code == 200
    results = element(page, "merge-results")
    assert "ana.new@example.com" in text(page, "merge-results")
    # The record itself is listed but cannot be picked: only the other one has a link.
    assert results.hrefs == [f"?duplicate={duplicate.public_id}&q=ana%20rivera"]
    assert "This record" in text(page, "merge-results")
    searched = AuditEntry.objects.get(actor=manager, what="patient search")
    assert searched.detail == {"query": "ana rivera", "found": 2}
    by_phone = client.get(merge_url(kept), {"q": "555-0148"})
    assert "ana.new@example.com" in text(by_phone, "merge-results")


def test_a_picked_result_is_shown_beside_the_record_kept_and_both_views_are_audited(
    client, clinic, manager, twins, frozen_monday
):
    kept, duplicate = twins
    BookingFactory(
        patient=duplicate,
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    page = as_user(client, manager).get(merge_url(kept), {"duplicate": duplicate.public_id})
    assert page.status_code == 200
    rows = element(page, "merge-compare").rows
    assert rows["Email"] == ["ana@example.com", "ana.new@example.com"]
    assert rows["Phone"][1] == "(312) 555-0148"  # as people write it, not +13125550148
    assert rows["Bookings"] == ["0", "1"]
    assert rows["Upcoming"] == ["0", "1, next 12 Apr 2027 9:00 AM"]
    viewed = AuditEntry.objects.filter(actor=manager, what="patient, to merge", action="view")
    assert {entry.patient for entry in viewed} == {kept, duplicate}


def test_the_comparison_takes_as_many_queries_for_a_long_history_as_for_none(
    client, clinic, manager, twins
):
    kept, duplicate = twins
    as_user(client, manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(merge_url(kept), {"duplicate": duplicate.public_id}).status_code == 200
            )
        return len(captured)

    empty = queries()
    for day in range(6):
        for patient in twins:
            BookingFactory(
                patient=patient,
                appointment_type=clinic.consultation,
                treatment=clinic.halo,
                provider=clinic.dana if patient == kept else clinic.priya,
                start=MONDAY + timedelta(days=7 * day),
            )
            Note.objects.create(patient=patient, author=manager, text=f"Note {day}")
    assert queries() == empty


def test_swapping_opens_the_same_comparison_with_the_other_record_kept(client, manager, twins):
    kept, duplicate = twins
    page = as_user(client, manager).get(merge_url(kept), {"duplicate": duplicate.public_id})
    (swap,) = element(page, "merge-swap").hrefs
    assert swap == f"{merge_url(duplicate)}?duplicate={kept.public_id}"
    swapped = client.get(swap)
    assert element(swapped, "merge-compare").rows["Email"] == [
        "ana.new@example.com",
        "ana@example.com",
    ]
    client.post(swap, {"duplicate": kept.public_id, "confirm": "on"})
    kept.refresh_from_db()
    assert kept.merged_into == duplicate


def test_confirming_merges_the_duplicate_into_the_record_kept(client, manager, twins):
    kept, duplicate = twins
    url = f"{merge_url(kept)}?duplicate={duplicate.public_id}"
    unticked = as_user(client, manager).post(url, {"duplicate": duplicate.public_id})
    assert unticked.status_code == 400
    assert "Tick the box" in text(unticked, "div_id_confirm")
    assert not Patient.objects.filter(merged_into__isnull=False).exists()

    merged = client.post(url, {"duplicate": duplicate.public_id, "confirm": "on"})
    assert merged.status_code == 302 and merged["Location"] == f"/staff/patients/{kept.public_id}/"
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert AuditEntry.objects.filter(actor=manager, what="patients merged", patient=kept).exists()


def test_a_refusal_of_the_service_is_shown_beside_the_records_and_nothing_moves(
    client, clinic, manager, twins
):
    kept, duplicate = twins
    for patient, provider in ((kept, clinic.dana), (duplicate, clinic.priya)):
        BookingFactory(
            patient=patient,
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            provider=provider,
            start=MONDAY,
        )
    url = f"{merge_url(kept)}?duplicate={duplicate.public_id}"
    refused = as_user(client, manager).post(
        url, {"duplicate": duplicate.public_id, "confirm": "on"}
    )
    assert refused.status_code == 400
    assert "bookings at the same time" in text(refused, "merge-error")
    assert element(refused, "merge-compare").rows["Bookings"] == ["1", "1"]
    assert duplicate.bookings.count() == 1


def test_roles_that_may_not_merge_get_no_page(client, frontdesk, provider_dana, twins):
    kept, _ = twins
    for user in (frontdesk, provider_dana):
        assert as_user(client, user).get(merge_url(kept)).status_code == 403


def test_the_words_on_the_page_never_ask_for_an_id(client, manager, twins):
    kept, _ = twins
    words = text(as_user(client, manager).get(merge_url(kept)), "merge-search")
    assert "Find the duplicate record" in words
    assert "/staff/patients/" not in words and not re.search(r"\bid\b", words)

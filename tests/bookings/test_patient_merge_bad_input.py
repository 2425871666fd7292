"""Bad input on the merge page, by link or by form: a clear message where the comparison would
be, a 400, no error page and nothing merged."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission

from bookings import services
from bookings.models import AuditEntry, Patient
from tests.factories import MONDAY, BookingFactory, PatientFactory, as_user, staff_user

from .merge_page import element, merge_url, text, twins_make


@pytest.fixture
def twins(clinic):
    return twins_make()


def _nothing_merged(count: int = 0) -> bool:
    return Patient.objects.filter(merged_into__isnull=False).count() == count


def _refused(response) -> str:
    assert response.status_code == 400
    assert not element(response, "merge-compare").rows  # no comparison, no button
    return text(response, "merge-refusal")


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_broken_record_link_is_refused(client, manager, twins, method):
    kept, _ = twins
    send = getattr(as_user(client, manager), method)
    for broken in ("not-a-uuid", "-1", "x" * 400, ""):
        response = send(merge_url(kept), {"duplicate": broken, "confirm": "on"})
        if method == "get" and broken == "":
            assert response.status_code == 200  # no pick yet: the search
            continue
        assert "link to a record is broken" in _refused(response)
    assert _nothing_merged()


@pytest.mark.parametrize("method", ["get", "post"])
def test_picking_the_record_itself_says_so(client, manager, twins, method):
    kept, _ = twins
    send = getattr(as_user(client, manager), method)
    response = send(merge_url(kept), {"duplicate": kept.public_id, "confirm": "on"})
    assert "That is this same record" in _refused(response)
    assert _nothing_merged()


def test_an_unknown_record_is_refused(client, manager, twins):
    kept, _ = twins
    data = {"duplicate": "00000000-0000-4000-8000-000000000000", "confirm": "on"}
    response = as_user(client, manager).post(merge_url(kept), data)
    assert "no such record" in _refused(response)
    assert _nothing_merged()


def test_a_record_the_user_may_not_open_is_answered_as_unknown_and_recorded(client, clinic):
    # A provider given the merge permission still sees only her own patients.
    dana = staff_user("dana", "Provider", provider=clinic.dana)
    dana.user_permissions.add(Permission.objects.get(codename="merge_patients"))
    hers, priyas = PatientFactory(), PatientFactory()
    for patient, provider, day in ((hers, clinic.dana, 0), (priyas, clinic.priya, 1)):
        BookingFactory(
            patient=patient,
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            provider=provider,
            start=MONDAY + timedelta(days=day),
        )
    as_user(client, dana)
    searched = client.get(merge_url(hers), {"q": priyas.email})
    assert element(searched, "merge-results").hrefs == []  # the search never offers her
    response = client.post(merge_url(hers), {"duplicate": priyas.public_id, "confirm": "on"})
    refusal = _refused(response)
    assert "no such record" in refusal and priyas.email not in refusal
    assert AuditEntry.objects.filter(actor=dana, action="denied", patient=priyas).exists()
    assert _nothing_merged()


def test_a_duplicate_already_merged_elsewhere_is_refused(client, manager, twins):
    kept, duplicate = twins
    elsewhere = PatientFactory()
    services.patient_merge(actor=manager, keep=elsewhere, merge=duplicate)
    response = as_user(client, manager).post(
        merge_url(kept), {"duplicate": duplicate.public_id, "confirm": "on"}
    )
    assert "already merged" in _refused(response)
    assert _nothing_merged(1)


def test_a_record_itself_merged_offers_no_search_and_points_to_the_one_it_went_into(
    client, manager, twins
):
    kept, duplicate = twins
    services.patient_merge(actor=manager, keep=duplicate, merge=kept)
    page = as_user(client, manager).get(merge_url(kept), {"q": "ana"})
    assert page.status_code == 200
    assert "already merged" in text(page, "merge-closed")
    assert element(page, "merge-closed").hrefs == [f"/staff/patients/{duplicate.public_id}/"]
    assert not element(page, "merge-search").pieces
    posted = client.post(merge_url(kept), {"duplicate": PatientFactory().public_id})
    assert posted.status_code == 400 and _nothing_merged(1)


def test_a_search_too_long_is_a_form_error_not_a_search(client, manager, twins):
    kept, _ = twins
    response = as_user(client, manager).get(merge_url(kept), {"q": "x" * 400})
    assert response.status_code == 400
    assert "at most 100 characters" in text(response, "div_id_q")
    assert not AuditEntry.objects.filter(what="patient search").exists()

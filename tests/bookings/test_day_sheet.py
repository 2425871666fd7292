"""A provider's printable day sheet: every booking of the day with its status and marks, no
staff menu, clinical notes only for the roles that may read them (decided in the selector,
not only the page), another provider's sheet refused to a provider, and every look recorded
in the audit log like any other page of patient data."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings.access import AccessDenied
from bookings.models import AuditEntry, Booking, Note
from bookings.selectors.day_sheet import day_sheet
from tests.factories import MONDAY, BookingFactory, as_user

DAY = MONDAY.date()  # 9:00 Chicago on MONDAY is 14:00 UTC: the same date


def _sheet_url(provider) -> str:
    return reverse("staff:day_sheet", args=[provider.public_id]) + f"?date={DAY}"


@pytest.fixture
def dana_day(clinic, manager):
    first = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
        email="ana@example.com",
    )
    Booking.objects.filter(pk=first.pk).update(intake_flags=["Recent sun exposure or tan."])
    cancelled = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=2),
        status="cancelled",
        email="cy@x.org",
    )
    Note.objects.create(patient=first.patient, booking=first, author=manager, text="Call back")
    Note.objects.create(
        patient=first.patient,
        booking=first,
        author=manager,
        text="Test patch fine at 20 mJ",
        is_clinical=True,
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY,
        email="priya.patient@example.com",
    )
    return {"first": first, "cancelled": cancelled}


def _page(client, user, provider) -> str:
    as_user(client, user)
    response = client.get(_sheet_url(provider))
    assert response.status_code == 200
    return response.content.decode()


def test_the_sheet_lists_the_providers_day_with_status_flags_and_first_visit(
    client, clinic, frontdesk, dana_day
):
    html = _page(client, frontdesk, clinic.dana)
    assert "Pat ana" in html and "Pat cy" in html
    assert "Pat priya.patient" not in html  # Priya's patient is on Priya's sheet
    assert "Flag: Recent sun exposure or tan." in html
    assert "First visit" in html
    assert "Confirmed" in html and "Cancelled" in html
    assert html.index("9:00 AM") < html.index("11:00 AM")


def test_the_sheet_has_no_staff_menu(client, clinic, frontdesk, dana_day):
    html = _page(client, frontdesk, clinic.dana)
    assert "staff-nav" not in html and 'aria-label="Staff"' not in html


def test_the_front_desk_sees_notes_but_not_clinical_notes(client, clinic, frontdesk, dana_day):
    html = _page(client, frontdesk, clinic.dana)
    assert "Call back" in html
    assert "Test patch" not in html
    assert "Clinical notes are not on this sheet" in html


def test_a_manager_and_the_provider_herself_see_clinical_notes(
    client, clinic, manager, provider_dana, dana_day
):
    assert "Test patch fine at 20 mJ" in _page(client, manager, clinic.dana)
    assert "Test patch fine at 20 mJ" in _page(client, provider_dana, clinic.dana)


def test_the_selector_leaves_clinical_notes_out_whatever_the_page_does(
    clinic, frontdesk, manager, dana_day
):
    for_desk = day_sheet(user=frontdesk, provider_id=clinic.dana.public_id, day=DAY)
    notes = [note.text for line in for_desk.lines for note in line.notes]
    assert notes == ["Call back"] and not for_desk.shows_clinical
    for_manager = day_sheet(user=manager, provider_id=clinic.dana.public_id, day=DAY)
    assert len([n for line in for_manager.lines for n in line.notes]) == 2


def test_a_provider_may_not_print_another_providers_sheet_and_the_refusal_is_recorded(
    client, clinic, provider_dana, dana_day
):
    as_user(client, provider_dana)
    assert client.get(_sheet_url(clinic.priya)).status_code == 403
    refusal = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert refusal.actor == provider_dana and "day sheet of Priya" in refusal.what
    with pytest.raises(AccessDenied):
        day_sheet(user=provider_dana, provider_id=clinic.priya.public_id, day=DAY)


def test_every_look_at_a_sheet_is_audited_with_the_patients_on_it(
    client, clinic, frontdesk, dana_day
):
    _page(client, frontdesk, clinic.dana)
    row = AuditEntry.objects.get(action=AuditEntry.Action.VIEW, what="day sheet")
    assert row.actor == frontdesk
    assert row.detail["provider"] == "Dana" and row.detail["day"] == DAY.isoformat()
    assert set(row.detail["patients"]) == {
        str(dana_day["first"].patient.public_id),
        str(dana_day["cancelled"].patient.public_id),
    }


def test_an_unknown_provider_has_no_sheet(client, clinic, frontdesk):
    as_user(client, frontdesk)
    url = reverse("staff:day_sheet", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_sheet_takes_a_fixed_number_of_queries(
    client, clinic, frontdesk, dana_day, django_assert_num_queries
):
    as_user(client, frontdesk)
    # Session, user, permissions (2), the provider and their hours, whether the user may see
    # them, the closures, the bookings, their notes (with authors), the audit row, the
    # clinic, and the staff menu's two badges (counted though the sheet hides the menu).
    for hour in range(4, 9):
        BookingFactory(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            provider=clinic.dana,
            start=MONDAY + timedelta(hours=hour),
        )
    with django_assert_num_queries(14):
        assert client.get(_sheet_url(clinic.dana)).status_code == 200

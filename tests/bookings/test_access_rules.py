"""Who may see or do what (bookings/access.py), enforced in the services as well as the pages,
and every refusal written to the audit log."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings import access, services
from bookings.models import AuditEntry, Booking, Note
from bookings.selectors.patients import patient_search
from tests.factories import MONDAY, StaffUserFactory, as_user, booking_book


@pytest.fixture
def two_patients(clinic, frozen_monday, provider_dana):
    mine = booking_book(
        clinic, source="phone", provider=clinic.dana, email="mine@example.com", first_name="Mine"
    )
    theirs = booking_book(
        clinic,
        source="phone",
        provider=clinic.priya,
        email="theirs@example.com",
        first_name="Theirs",
    )
    return mine, theirs


def test_a_provider_opening_another_providers_booking_or_patient_is_refused_and_audited(
    client, provider_dana, two_patients
):
    mine, theirs = two_patients
    as_user(client, provider_dana)
    assert client.get(reverse("staff:booking", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("staff:booking", args=[theirs.public_id])).status_code == 403
    patient_url = reverse("staff:patient", args=[theirs.patient.public_id])
    assert client.get(patient_url).status_code == 403
    refused = AuditEntry.objects.filter(actor=provider_dana, action="denied")
    assert set(refused.values_list("patient_id", flat=True)) == {theirs.patient_id}
    assert refused.count() == 2


def test_a_provider_finds_only_their_own_patients(provider_dana, frontdesk, two_patients):
    assert [p.email for p in patient_search(provider_dana, "example.com")] == ["mine@example.com"]
    assert len(patient_search(frontdesk, "example.com")) == 2


def test_a_user_without_a_role_is_refused_every_staff_page_and_it_is_recorded(client, nobody):
    as_user(client, nobody)
    assert client.get(reverse("staff:patients")).status_code == 403
    assert AuditEntry.objects.filter(actor=nobody, action="denied").exists()


def test_the_desk_cannot_complete_even_by_calling_the_service(
    clinic, frontdesk, two_patients, frozen_monday
):
    mine, _ = two_patients
    frozen_monday.move_to(MONDAY)
    services.booking_transition(booking=mine, to_status="checked_in", actor=frontdesk)
    with pytest.raises(access.AccessDenied):
        services.booking_complete(booking=mine, actor=frontdesk)
    mine.refresh_from_db()
    assert mine.status == Booking.Status.CHECKED_IN
    assert AuditEntry.objects.filter(actor=frontdesk, action="denied", booking=mine).exists()


def test_the_desk_never_reads_or_writes_clinical_notes(
    client, clinic, frontdesk, provider_dana, two_patients
):
    mine, _ = two_patients
    services.note_add(
        actor=provider_dana, patient=mine.patient, text="Fitzpatrick III", is_clinical=True
    )
    with pytest.raises(access.AccessDenied):
        services.note_add(actor=frontdesk, patient=mine.patient, text="x", is_clinical=True)
    as_user(client, frontdesk)
    for url in (
        reverse("staff:patient", args=[mine.patient.public_id]),
        reverse("staff:booking", args=[mine.public_id]),
    ):
        assert "Fitzpatrick III" not in client.get(url).content.decode()
    assert Note.objects.filter(is_clinical=True).count() == 1


def test_check_in_opens_on_the_appointments_local_day_not_the_evening_before(
    clinic, frontdesk, two_patients, frozen_monday
):
    mine, _ = two_patients
    # 23:59 on Sunday in Chicago: the appointment is at 9:00 the next morning.
    frozen_monday.move_to(MONDAY - timedelta(hours=9, minutes=1))
    with pytest.raises(services.TransitionNotAllowed, match="on the day"):
        services.booking_transition(booking=mine, to_status="checked_in", actor=frontdesk)
    frozen_monday.move_to(MONDAY - timedelta(hours=8, minutes=59))  # 00:01 on Monday
    services.booking_transition(booking=mine, to_status="checked_in", actor=frontdesk)


def test_a_manager_puts_a_mistaken_no_show_right_the_same_day_only(
    client, clinic, manager, frontdesk, two_patients, frozen_monday
):
    mine, _ = two_patients
    frozen_monday.move_to(MONDAY + timedelta(minutes=20))
    services.booking_transition(booking=mine, to_status="no_show", actor=frontdesk)
    with pytest.raises(access.AccessDenied):
        services.booking_status_revert(booking=mine, actor=frontdesk, reason="She was here")
    as_user(client, manager)
    url = reverse("staff:booking_revert", args=[mine.public_id])
    client.post(url, {"reason": "She was in the waiting room"})
    mine.refresh_from_db()
    assert mine.status == Booking.Status.CONFIRMED
    assert AuditEntry.objects.filter(actor=manager, what="booking status put right").exists()

    services.booking_transition(booking=mine, to_status="no_show", actor=frontdesk)
    frozen_monday.move_to(MONDAY + timedelta(days=1))
    with pytest.raises(services.TransitionNotAllowed):
        services.booking_status_revert(booking=mine, actor=manager, reason="Too late")


def test_staff_changes_write_their_audit_row_in_the_same_transaction(
    clinic, frontdesk, two_patients, frozen_monday
):
    mine, _ = two_patients
    before = AuditEntry.objects.count()
    with pytest.raises(services.BookingError):
        services.booking_cancel(booking=mine, actor=frontdesk, reason="")  # refused: no reason
    assert AuditEntry.objects.count() == before
    services.booking_cancel(booking=mine, actor=frontdesk, reason="Called to cancel")
    assert AuditEntry.objects.filter(actor=frontdesk, what="booking status").count() == 1


def test_a_reason_longer_than_allowed_is_refused_not_cut(
    client, frontdesk, two_patients, frozen_monday
):
    mine, _ = two_patients
    as_user(client, frontdesk)
    url = reverse("staff:booking_status", args=[mine.public_id])
    page = client.post(url, {"to": "cancelled", "reason": "x" * 400}, follow=True)
    assert "at most 300" in page.content.decode()
    mine.refresh_from_db()
    assert mine.status == Booking.Status.CONFIRMED


def test_viewing_patients_and_bookings_in_the_admin_is_audited(client, clinic, two_patients):
    mine, _ = two_patients
    boss = StaffUserFactory(username="admin-boss", is_staff=True, is_superuser=True)
    as_user(client, boss)
    client.get(reverse("admin:bookings_patient_change", args=[mine.patient.pk]))
    client.get(reverse("admin:bookings_booking_change", args=[mine.pk]))
    rows = AuditEntry.objects.filter(actor=boss, action="view")
    assert set(rows.values_list("what", flat=True)) >= {"admin: patient", "admin: booking"}
    assert set(rows.values_list("patient_id", flat=True)) == {mine.patient_id}


def test_a_provider_is_not_offered_free_cells_that_open_the_phone_booking_form(
    client, clinic, provider_dana, frontdesk, frozen_monday
):
    new_booking = reverse("staff:booking_new")
    day = {"date": "2027-04-12"}
    assert new_booking in as_user(client, frontdesk).get(reverse("staff:day"), day).content.decode()
    page = as_user(client, provider_dana).get(reverse("staff:day"), day).content.decode()
    assert "Dana" in page and new_booking not in page

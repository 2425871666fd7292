"""The front desk's day, as found broken by using it: each test failed before its fix."""

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from bookings import services
from bookings.models import AuditEntry, Booking, Note, Patient, TimeOff, WorkingHours
from bookings.selectors.patients import patient_search
from tests.factories import MONDAY, as_user, booking_book

NEW = reverse("staff:booking_new")


def test_one_patient_cannot_hold_two_live_bookings_at_once(clinic, frozen_monday):
    first = booking_book(clinic, source="phone", provider=clinic.dana)
    with pytest.raises(services.BookingError, match="already has free consultation with Dana"):
        booking_book(
            clinic, source="phone", provider=clinic.priya, start=MONDAY + timedelta(minutes=15)
        )
    # The database has the last word, whatever the code checks first.
    clash = Booking(
        **{
            f.attname: getattr(first, f.attname)
            for f in Booking._meta.concrete_fields
            if f.attname not in ("id", "public_id", "manage_token")
        },
    )
    clash.provider = clinic.priya
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_the_move_page_keeps_the_provider_unless_another_is_chosen(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone", provider=clinic.dana)
    as_user(client, frontdesk)
    url = reverse("staff:booking_move", args=[booking.public_id])
    page = client.get(url, {"date": "2027-04-12"}).content.decode()
    assert "Stays with Dana" in page
    client.post(url, {"start": (MONDAY + timedelta(hours=3)).isoformat(), "date": "2027-04-12"})
    booking.refresh_from_db()
    assert (booking.provider, booking.start) == (clinic.dana, MONDAY + timedelta(hours=3))
    assert "whichever provider is free" in client.get(url, {"provider": "any"}).content.decode()


def test_a_checked_in_booking_cannot_be_moved(clinic, frontdesk, frozen_monday):
    booking = booking_book(clinic, source="phone", provider=clinic.dana)
    frozen_monday.move_to(MONDAY)
    services.booking_transition(booking=booking, to_status="checked_in", actor=frontdesk)
    with pytest.raises(services.BookingError, match="cannot be moved"):
        services.booking_reschedule(
            booking=booking, start=MONDAY + timedelta(hours=2), actor=frontdesk, online=False
        )


def test_working_hours_save_unchanged_and_a_negative_form_count_changes_nothing(
    client, clinic, manager
):
    as_user(client, manager)
    url = reverse("staff:working_hours", args=[clinic.dana.public_id])
    form = {
        "hours-TOTAL_FORMS": "3",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-start": "09:00",
        "hours-0-end": "17:00",
        "hours-1-weekday": "",
        "hours-1-start": "",
        "hours-1-end": "",
        "hours-2-weekday": "",
        "hours-2-start": "",
        "hours-2-end": "",
    }
    assert client.post(url, form).status_code == 302
    assert list(WorkingHours.objects.filter(provider=clinic.dana).values_list("start", "end")) == [
        (time(9), time(17))
    ]
    response = client.post(url, {**form, "hours-TOTAL_FORMS": "-1"})
    assert response.status_code == 400
    assert WorkingHours.objects.filter(provider=clinic.dana).count() == 1


def test_shorter_hours_list_the_bookings_left_outside(client, clinic, manager, frozen_monday):
    late = booking_book(  # 16:00
        clinic, source="phone", provider=clinic.dana, start=MONDAY + timedelta(hours=7)
    )
    as_user(client, manager)
    url = reverse("staff:working_hours", args=[clinic.dana.public_id])
    page = client.post(
        url,
        {
            "hours-TOTAL_FORMS": "1",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "0",
            "hours-0-start": "09:00",
            "hours-0-end": "12:00",
        },
    )
    assert page.status_code == 200
    assert "outside these hours" in page.content.decode()
    assert str(late.public_id) in page.content.decode()


def test_a_time_that_does_not_exist_is_a_form_error_not_a_500(client, clinic, manager):
    as_user(client, manager)
    response = client.post(
        reverse("staff:time_off_new"),
        {
            "provider": clinic.dana.public_id,
            "date": "2027-03-14",
            "start_time": "02:30",
            "end_time": "04:00",
        },
    )
    assert response.status_code == 400
    assert "clocks change" in response.content.decode()
    assert not TimeOff.objects.exists()


def test_time_off_is_edited_and_removed_from_the_staff_pages(
    client, clinic, frontdesk, frozen_monday
):
    off = services.time_off_create(
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=4),
        end=MONDAY + timedelta(hours=5),
        reason="Dentist",
    )
    as_user(client, frontdesk)
    url = reverse("staff:time_off_edit", args=[off.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "provider": clinic.dana.public_id,
            "date": "2027-04-12",
            "start_time": "13:00",
            "end_time": "15:00",
            "reason": "Dentist, longer",
        },
    )
    off.refresh_from_db()
    assert (off.end - off.start, off.reason) == (timedelta(hours=2), "Dentist, longer")
    client.post(reverse("staff:time_off_delete", args=[off.pk]))
    assert not TimeOff.objects.exists()
    assert AuditEntry.objects.filter(actor=frontdesk, what="time off deleted").exists()


def test_the_desk_corrects_contact_details_and_the_change_is_audited(
    client, clinic, frontdesk, provider_dana, frozen_monday
):
    patient = booking_book(clinic, source="phone", provider=clinic.dana).patient
    url = reverse("staff:patient_edit", args=[patient.public_id])
    assert as_user(client, provider_dana).get(url).status_code == 403
    as_user(client, frontdesk).post(
        url,
        {
            "first_name": "Ana",
            "last_name": "Patient",
            "email": "ana.new@example.com",
            "phone": "(312) 555-0199",
            "date_of_birth": "1990-05-01",
            "preferred_contact": "email",
        },
    )
    patient.refresh_from_db()
    # Kept in E.164 (searchable by its digits), shown as people write it.
    assert (patient.email, patient.phone) == ("ana.new@example.com", "+13125550199")
    assert patient.phone_display == "(312) 555-0199" and "3125550199" in patient.phone_digits
    row = AuditEntry.objects.get(actor=frontdesk, what="patient details")
    assert set(row.detail["fields"]) == {"email", "phone", "date_of_birth"}
    # The edit page shows it as people write it, never the "+13125550199" kept.
    page = client.get(url).content.decode()
    assert 'value="(312) 555-0199"' in page and "+13125550199" not in page


@pytest.mark.parametrize("typed", ["312.555.0199", "312 555 0199", "+1 312-555-0199", "3125550199"])
def test_the_desk_types_a_phone_in_any_common_form(client, clinic, frontdesk, frozen_monday, typed):
    patient = booking_book(clinic, source="phone", provider=clinic.dana).patient
    url = reverse("staff:patient_edit", args=[patient.public_id])
    details = {
        "first_name": "Ana",
        "last_name": "Patient",
        "email": patient.email,
        "phone": typed,
        "preferred_contact": "email",
    }
    assert as_user(client, frontdesk).post(url, details).status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "+13125550199"


def test_the_desk_is_warned_of_a_likely_duplicate_and_a_manager_merges_it(
    client, clinic, frontdesk, manager, frozen_monday
):
    first = booking_book(clinic, source="phone", provider=clinic.dana, email="ana@example.com")
    as_user(client, frontdesk)
    form = {
        "appointment_type": clinic.consultation.pk,
        "treatment": clinic.halo.pk,
        "provider": clinic.dana.public_id,
        "date": "2027-04-12",
        "start": (MONDAY + timedelta(hours=2)).isoformat(),
        "new-first_name": "Ana",
        "new-last_name": "Patient",
        "new-email": "ana.other@example.com",
        "new-phone": "312-555-0111",
    }
    warned = client.post(NEW, form)
    assert warned.status_code == 400 and "already a patient" in warned.content.decode()
    client.post(NEW, {**form, "new-same_person_checked": "on"})
    duplicate = Patient.objects.get(email="ana.other@example.com")
    services.note_add(actor=frontdesk, patient=duplicate, text="Prefers mornings")

    as_user(client, manager)
    client.post(
        reverse("staff:patient_merge", args=[first.patient.public_id]),
        {"duplicate": duplicate.public_id, "confirm": "on"},
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == first.patient
    assert Booking.objects.filter(patient=first.patient).count() == 2
    assert Note.objects.get().patient == first.patient
    assert [p.email for p in patient_search(manager, "Ana")] == ["ana@example.com"]
    assert AuditEntry.objects.filter(actor=manager, what="patients merged").exists()
    # The duplicate's history is read from the record kept.
    history = client.get(reverse("staff:audit"), {"patient": first.patient.public_id})
    assert "Prefers mornings" not in history.content.decode()  # notes never in the log
    noted = AuditEntry.objects.get(what="note", patient=duplicate)
    assert noted in [row.entry for row in history.context["page"].rows]


def test_an_outside_hours_booking_on_a_closed_day_needs_a_tick_and_never_the_past(
    client, clinic, manager, frozen_monday
):
    from treatments.models import Clinic, OpeningHours

    OpeningHours.objects.create(
        clinic=Clinic.objects.get(), weekday=0, opens=time(9), closes=time(17)
    )
    as_user(client, manager)
    form = {
        "appointment_type": clinic.consultation.pk,
        "treatment": clinic.halo.pk,
        "provider": clinic.dana.public_id,
        "outside_hours": "on",
        "outside_time": "10:00",
        "new-first_name": "Cy",
        "new-last_name": "Sunday",
        "new-email": "cy@example.com",
        "new-phone": "(312) 555-0177",
    }
    sunday = client.post(NEW, {**form, "date": "2027-04-18"})
    assert sunday.status_code == 400 and "closed on Sundays" in sunday.content.decode()
    past = client.post(NEW, {**form, "date": "2027-04-11", "closed_day_ok": "on"})
    assert past.status_code == 400 and "That time has passed" in past.content.decode()
    assert not Booking.objects.exists()
    assert (
        client.post(NEW, {**form, "date": "2027-04-18", "closed_day_ok": "on"}).status_code == 302
    )

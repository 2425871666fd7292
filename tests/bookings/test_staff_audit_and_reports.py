import csv
import io
from datetime import time, timedelta

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from bookings import services
from bookings.models import AuditEntry, Booking
from tests.factories import MONDAY, as_user, patient_details


@pytest.fixture
def booking(clinic, frozen_monday):
    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )


def test_viewing_a_patient_page_is_on_record(client, booking, frontdesk):
    as_user(client, frontdesk).get(
        reverse("staff:patient", kwargs={"patient_id": booking.patient.public_id})
    )
    entry = AuditEntry.objects.get(what="patient page")
    assert (entry.actor, entry.action, entry.patient) == (frontdesk, "view", booking.patient)


def test_the_audit_log_cannot_be_edited_or_deleted_in_the_database(client, booking, frontdesk):
    as_user(client, frontdesk).get(
        reverse("staff:booking", kwargs={"booking_id": booking.public_id})
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.update(what="nothing to see")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(what="booking page").count() == 1


def test_managers_read_the_audit_log_and_the_admin_cannot_change_it(client, booking, manager):
    from django.contrib import admin

    from bookings.models import AuditEntry as Model

    as_user(client, manager).get(
        reverse("staff:patient", kwargs={"patient_id": booking.patient.public_id})
    )
    page = client.get(reverse("staff:audit")).content.decode()
    assert "patient page" in page and "Ana Patient" in page
    assert Model not in admin.site._registry or not admin.site._registry[
        Model
    ].has_change_permission(None)


def test_the_dashboard_counts_and_the_no_show_rate(client, clinic, manager, frozen_monday):
    for hour, email in ((0, "a@example.com"), (1, "b@example.com"), (2, "c@example.com")):
        booking = services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY + timedelta(hours=hour),
            provider=clinic.dana,
            patient_details=patient_details(email),
            source="phone",
            online=False,
        )
    frozen_monday.move_to(MONDAY + timedelta(hours=3))
    for booking in Booking.objects.order_by("start"):
        if booking.start == MONDAY:
            services.booking_transition(booking=booking, to_status="no_show")
        else:
            services.booking_transition(booking=booking, to_status="checked_in")
            services.booking_transition(booking=booking, to_status="completed")
    frozen_monday.move_to(MONDAY + timedelta(days=2))
    html = as_user(client, manager).get(reverse("staff:dashboard")).content.decode()
    assert "33%" in html  # one no-show out of three attended
    assert "HALO" in html


def test_a_days_schedule_exports_as_csv_and_the_export_is_audited(client, booking, manager):
    response = as_user(client, manager).get(reverse("staff:export_day"), {"date": "2027-04-12"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["date", "start", "end"]
    assert rows[1][:5] == ["2027-04-12", "09:00", "09:30", "Dana", "Ana Patient"]
    assert AuditEntry.objects.filter(action="export").exists()


def test_a_bad_export_range_is_explained_not_a_500(client, manager, clinic):
    response = as_user(client, manager).get(
        reverse("staff:export_range"), {"start": "2027-05-01", "end": "2027-04-01"}
    )
    assert response.status_code == 400
    assert "must not be before the start" in response.content.decode()


def test_time_off_over_a_booking_is_refused_and_elsewhere_blocks_online_slots(
    client, booking, frontdesk, clinic
):
    from bookings.selectors import slots_available

    as_user(client, frontdesk)
    url = reverse("staff:time_off_new")
    form = {
        "provider": clinic.dana.public_id,
        "date": "2027-04-12",
        "start_time": "09:00",
        "end_time": "12:00",
        "reason": "Training",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert refused.content.decode().count("move them first") == 1  # said once, not twice

    assert client.post(url, {**form, "start_time": "13:00", "end_time": "17:00"}).status_code == 302
    day = MONDAY.date()
    slots = slots_available(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start_date=day,
        end_date=day,
        provider=clinic.dana,
    )[day]
    assert max(slot.start for slot in slots) < MONDAY + timedelta(hours=4)


def test_a_manager_edits_working_hours_with_two_ranges_a_day(
    client, clinic, manager, frozen_monday
):
    url = reverse("staff:working_hours", kwargs={"provider_id": clinic.dana.public_id})
    data = {
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-start": "09:00",
        "hours-0-end": "12:00",
        "hours-1-weekday": "0",
        "hours-1-start": "13:00",
        "hours-1-end": "16:00",
    }
    assert as_user(client, manager).post(url, data).status_code == 302
    assert list(clinic.dana.working_hours.values_list("start", "end")) == [
        (time(9), time(12)),
        (time(13), time(16)),
    ]
    overlapping = {**data, "hours-1-start": "11:00"}
    response = client.post(url, overlapping)
    assert response.status_code == 400, response.status_code
    assert "overlap" in response.content.decode()
    assert clinic.dana.working_hours.count() == 2

"""Odd input and awkward moments in the booking flow (found in review)."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from bookings import services
from bookings.links import booking_manage_path
from bookings.models import Booking
from tests.bookings.test_booking_pages import FORM
from tests.factories import MONDAY, as_user, patient_details


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"


@pytest.mark.parametrize(
    "start",
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T12:00:00+00:00",
        "2027-04-12T14:00:00",
        "\x00",
    ],
)
def test_extreme_start_times_are_refused_not_a_500(client, clinic, frozen_monday, frontdesk, start):
    # A NUL byte is refused before any view reads it (400); odd times go back a step (302).
    refused = 400 if "\x00" in start else 302
    assert client.get("/book/halo/details/", {"start": start}).status_code == refused
    assert client.post("/book/halo/details/", {**FORM, "start": start}).status_code == refused
    as_user(client, frontdesk)
    expected = 400 if "\x00" in start else 200
    assert client.get(reverse("staff:booking_new"), {"start": start}).status_code == expected
    assert client.get(reverse("staff:day"), {"date": start[:10]}).status_code == expected


def test_the_back_button_reload_gets_the_whole_page_not_the_fragment(client, clinic, frozen_monday):
    fragment = client.get("/book/halo/", headers={"HX-Request": "true"})
    restore = client.get(
        "/book/halo/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" not in fragment.content.decode()
    assert "<html" in restore.content.decode()
    assert "HX-Request" in fragment["Vary"]


def test_a_chosen_provider_who_is_unavailable_is_never_swapped_silently(
    client, clinic, frozen_monday
):
    clinic.priya.is_active = False
    clinic.priya.save()
    response = client.post("/book/halo/details/", {**FORM, "provider": clinic.priya.public_id})
    assert response.status_code == 409
    assert "no longer available" in response.content.decode()
    assert 'value="ana@example.com"' in response.content.decode()
    assert not Booking.objects.exists()


def test_someone_booking_with_an_email_on_file_for_another_name_is_flagged_not_merged(
    client, clinic, frozen_monday
):
    ana = services.patient_find_or_create(details=patient_details("shared@example.com"))
    services.patient_messages_stop(patient=ana)
    form = {**FORM, "email": "shared@example.com", "first_name": "Mia", "last_name": "Other"}
    response = client.post("/book/halo/details/", form)
    assert response.status_code == 302
    booking = Booking.objects.get()
    ana.refresh_from_db()
    assert booking.patient == ana and ana.first_name == "Ana"
    # A stranger cannot undo someone's choices: preferences change only through their link.
    assert not (ana.wants_appointment_reminders or ana.wants_care_tips)
    assert any("Mia Other" in flag for flag in booking.intake_flags)


def test_a_staff_booked_session_is_moved_by_the_desk_not_online(client, clinic, frozen_monday):
    from treatments.models import Treatment

    Treatment.objects.filter(pk=clinic.halo.pk).update(requires_consultation=False)
    clinic.halo.refresh_from_db()
    booking = services.booking_create(
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient_details=patient_details(),
        source="phone",
        online=False,
    )
    path = booking_manage_path(booking)
    assert "Move to another time" not in client.get(path).content.decode()
    assert client.get(path + "move/").status_code == 302
    assert "Yes, cancel my appointment" in client.get(path).content.decode()


def test_later_dates_are_reachable_from_the_day_list(client, clinic, frozen_monday):
    from tests.factories import provider_make

    weekdays = [(day, "09:00", "17:00") for day in range(5)]
    provider_make("Sam", [clinic.halo], hours=weekdays)  # 40-odd days with free times
    html = client.get("/book/halo/").content.decode()
    assert "Later dates" in html
    later = client.get("/book/halo/", {"from": "2027-05-24"}).content.decode()
    assert "24 May" in later


def test_a_manage_link_lives_until_after_a_far_off_appointment(clinic, frozen_monday, settings):
    from bookings.links import booking_from_manage_token, booking_manage_token

    settings.BOOKING_LINK_MAX_AGE_DAYS = 30
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(weeks=8),
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    token = booking_manage_token(booking)
    with time_machine.travel(MONDAY + timedelta(weeks=7)):
        assert booking_from_manage_token(token) == booking
    with time_machine.travel(MONDAY + timedelta(weeks=10)):
        assert booking_from_manage_token(token) is None


@pytest.mark.django_db(transaction=True)
def test_a_booking_waits_for_time_off_being_added_at_that_moment_then_is_refused(
    clinic, frozen_monday
):
    from django.db import transaction

    outcome = {}

    def book():
        try:
            services.booking_create(
                appointment_type=clinic.consultation,
                treatment=clinic.halo,
                start=MONDAY,
                provider=clinic.dana,
                patient_details=patient_details(),
                source="online",
            )
            outcome["booked"] = True
        except services.SlotTaken:
            outcome["booked"] = False
        finally:
            connection.close()

    with transaction.atomic():
        # The desk is adding time off right now: its transaction holds Dana's row.
        services.time_off_create(
            provider=clinic.dana, start=MONDAY, end=MONDAY + timedelta(hours=1)
        )
        booking = threading.Thread(target=book)
        booking.start()
        booking.join(timeout=1.5)
        waited = booking.is_alive()  # blocked on Dana's row, not slipping past
    booking.join(timeout=30)

    assert waited
    assert outcome == {"booked": False}
    assert not Booking.objects.exists()

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bookings import services
from bookings.models import Booking, Patient
from tests.factories import MONDAY, as_user, patient_details

NEW = reverse("staff:booking_new")


def _form(clinic, start=MONDAY, **extra) -> dict:
    return {
        "appointment_type": clinic.consultation.pk,
        "treatment": clinic.halo.pk,
        "provider": clinic.dana.public_id,
        "date": "2027-04-12",
        "start": start.isoformat(),
        **extra,
    }


def _new_patient(**extra) -> dict:
    return {
        "new-first_name": "Bea",
        "new-last_name": "Caller",
        "new-email": "bea@example.com",
        "new-phone": "(312) 555-0199",
        **extra,
    }


def test_the_desk_finds_a_patient_by_phone_digits_and_books_them(
    client, clinic, frontdesk, frozen_monday
):
    patient = services.patient_find_or_create(details=patient_details(phone="(312) 555-0111"))
    as_user(client, frontdesk)
    found = client.get(NEW, {"q": "5550111"}).content.decode()
    assert "Ana Patient" in found

    response = client.post(f"{NEW}?patient={patient.public_id}", _form(clinic))

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.patient, booking.source, booking.provider) == (patient, "phone", clinic.dana)


def test_the_free_times_shown_are_the_same_as_online(client, clinic, frontdesk, frozen_monday):
    as_user(client, frontdesk)
    query = {
        "appointment_type": clinic.consultation.pk,
        "treatment": clinic.halo.pk,
        "date": "2027-04-12",
    }
    html = client.get(NEW, query).content.decode()
    assert "9:00 AM" in html and "4:30 PM" in html and "4:45 PM" not in html


def test_a_new_caller_is_added_as_a_patient(client, clinic, frontdesk, frozen_monday):
    as_user(client, frontdesk)
    response = client.post(NEW, {**_form(clinic), **_new_patient()})
    assert response.status_code == 302
    assert Patient.objects.get().phone == "+13125550199"


def test_a_new_patient_with_an_existing_email_is_refused_not_duplicated(
    client, clinic, frontdesk, frozen_monday
):
    services.patient_find_or_create(details=patient_details("bea@example.com"))
    as_user(client, frontdesk)
    response = client.post(
        NEW, {**_form(clinic), **_new_patient(**{"new-email": "BEA@example.com"})}
    )
    assert response.status_code == 400
    assert "already has this email" in response.content.decode()
    assert Patient.objects.count() == 1
    assert not Booking.objects.exists()


def test_a_taken_time_by_phone_gets_the_same_friendly_refusal(
    client, clinic, frontdesk, frozen_monday
):
    services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    as_user(client, frontdesk)
    response = client.post(NEW, {**_form(clinic), **_new_patient()})
    assert response.status_code == 400
    assert "just taken" in response.content.decode()
    assert Booking.objects.count() == 1


def test_the_desk_cannot_book_outside_working_hours(client, clinic, frontdesk, frozen_monday):
    evening = MONDAY + timedelta(hours=10)  # 19:00, after Dana's day ends at 17:00
    as_user(client, frontdesk)
    response = client.post(
        NEW,
        {
            **_form(clinic, start=evening),
            **_new_patient(),
            "outside_hours": "on",
            "outside_time": "19:00",
        },
    )
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_a_manager_may_book_outside_hours_but_never_over_a_booking(
    client, clinic, manager, frozen_monday
):
    as_user(client, manager)
    evening = {"outside_hours": "on", "outside_time": "19:00", "start": ""}
    first = client.post(NEW, {**_form(clinic), **_new_patient(), **evening})
    assert first.status_code == 302
    assert Booking.objects.get().start == MONDAY + timedelta(hours=10)

    again = client.post(
        NEW,
        {
            **_form(clinic),
            **_new_patient(**{"new-email": "c@example.com", "new-same_person_checked": "on"}),
            **evening,
            "outside_time": "19:15",
        },
    )
    assert again.status_code == 400
    assert "just taken" in again.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_phone_booking_racing_an_online_booking_for_one_slot_gives_one_booking(
    clinic, frontdesk, frozen_monday, settings
):
    settings.BOOKING_RATE_LIMIT = "1000/h"
    patient = services.patient_find_or_create(details=patient_details("caller@example.com"))
    barrier = threading.Barrier(2)
    codes = {}

    def desk():
        client = as_user(Client(), frontdesk)
        barrier.wait(timeout=30)
        codes["desk"] = client.post(f"{NEW}?patient={patient.public_id}", _form(clinic)).status_code
        connection.close()

    def online():
        form = {
            "first_name": "Ola",
            "last_name": "Online",
            "email": "ola@example.com",
            "phone": "(312) 555-0123",
            "preferred_contact": "email",
            "medicated_products": "no",
            "cold_sores": "no",
            "active_acne": "no",
            "skin_response": "unsure",
            "pregnant": "no",
            "recent_sun": "no",
            "start": MONDAY.isoformat(),
            "provider": clinic.dana.public_id,
        }
        barrier.wait(timeout=30)
        codes["online"] = Client().post("/book/halo/details/", form).status_code
        connection.close()

    threads = [threading.Thread(target=desk), threading.Thread(target=online)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(codes.values()) in ([302, 400], [302, 409])
    assert Booking.objects.filter(provider=clinic.dana, start=MONDAY).count() == 1

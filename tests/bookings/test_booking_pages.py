from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking, Patient
from tests.factories import MONDAY, patient_details

FORM = {
    "first_name": "Ana",
    "last_name": "Patient",
    "email": "ana@example.com",
    "phone": "(312) 555-0111",
    "preferred_contact": "email",
    "medicated_products": "no",
    "cold_sores": "yes",
    "active_acne": "no",
    "skin_response": "sometimes_burns",
    "pregnant": "no",
    "recent_sun": "no",
    "hopes": "Smoother texture",
    "start": MONDAY.isoformat(),
}


@pytest.fixture(autouse=True)
def _no_rate_limit_leak(settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"


def test_step_one_lists_treatments_and_a_treatment_link_skips_it(client, clinic):
    assert "HALO" in client.get("/book/").content.decode()
    response = client.get("/book/?treatment=halo")
    assert response.status_code == 302 and response["Location"] == "/book/halo/"


def test_step_two_shows_days_and_times_and_works_without_javascript(client, clinic, frozen_monday):
    html = client.get("/book/halo/").content.decode()
    assert "Days with free times" in html
    assert "9:00 AM" in html
    assert (
        f"/book/halo/details/?start={MONDAY.isoformat().replace(':', '%3A').replace('+', '%2B')}"
        in html
    )


def test_choosing_a_day_with_htmx_returns_only_the_slots(client, clinic, frozen_monday):
    day = (MONDAY + timedelta(days=1)).date()
    response = client.get(f"/book/halo/?date={day}", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Times on" in html


def test_a_complete_form_books_and_lands_on_the_confirmation(client, clinic, frozen_monday):
    response = client.post("/book/halo/details/", FORM)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.source == "online"
    assert booking.patient.date_of_birth is None  # optional, and left empty here
    assert booking.intake_answers["cold_sores"] == "yes"
    page = client.get(response["Location"])
    assert "You&#x27;re booked" in page.content.decode() or "You're booked" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("phone", "12", "Enter a phone number we can call"),
        ("first_name", "", "This field is required."),
        ("cold_sores", "maybe", "Select a valid choice."),
        ("date_of_birth", "2199-01-01", "Enter your date of birth"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_saves_nothing(
    client, clinic, frozen_monday, field, value, message
):
    response = client.post("/book/halo/details/", {**FORM, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists()
    assert not Patient.objects.exists()


def test_a_filled_honeypot_books_nothing(client, clinic, frozen_monday):
    response = client.post("/book/halo/details/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_a_lost_race_offers_alternatives_and_keeps_what_was_typed(client, clinic, frozen_monday):
    for index, provider in enumerate([clinic.dana, clinic.priya]):
        services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY,
            provider=provider,
            patient_details=patient_details(f"x{index}@example.com"),
            source="phone",
        )

    response = client.post("/book/halo/details/", FORM)

    html = response.content.decode()
    assert response.status_code == 409
    assert "that time was just taken" in html
    assert 'name="start"' in html and 'type="radio"' in html
    assert 'value="Smoother texture"' in html or "Smoother texture</textarea>" in html
    assert 'value="ana@example.com"' in html
    assert Booking.objects.count() == 2


def test_a_garbled_start_time_goes_back_to_the_time_picker(client, clinic, frozen_monday):
    response = client.post("/book/halo/details/", {**FORM, "start": "yesterday"})
    assert response.status_code == 302
    assert response["Location"] == "/book/halo/"
    assert not Booking.objects.exists()


def test_only_accepted_writes_count_and_one_budget_covers_every_public_write(
    client, clinic, frozen_monday, settings
):
    from django.core.cache import cache

    from bookings.links import booking_manage_path

    cache.clear()
    settings.BOOKING_RATE_LIMIT = "2/h"
    # Typos cost nothing: five forms sent back for a missing name.
    for index in range(5):
        bad = {**FORM, "email": f"typo{index}@example.com", "first_name": ""}
        assert client.post("/book/halo/details/", bad).status_code == 400
    # Two accepted bookings use the budget...
    for index, hours in enumerate((0, 2)):
        start = (MONDAY + timedelta(hours=hours)).isoformat()
        ok = {**FORM, "email": f"ok{index}@example.com", "start": start}
        assert client.post("/book/halo/details/", ok).status_code == 302
    # ...so a third is refused, keeping what was typed...
    third = {
        **FORM,
        "email": "kept@example.com",
        "start": (MONDAY + timedelta(hours=4)).isoformat(),
    }
    response = client.post("/book/halo/details/", third)
    assert response.status_code == 429
    assert 'value="kept@example.com"' in response.content.decode()
    assert "Nothing was booked" in response.content.decode()
    # ...and so is any other public write from this client: one budget, not one per page.
    booking = Booking.objects.get(patient__email="ok0@example.com")
    cancel = client.post(booking_manage_path(booking) + "cancel/", {"reason": ""})
    assert cancel.status_code == 429 and "Too many attempts" in cancel.content.decode()
    assert Booking.objects.count() == 2

"""What the booking flow tells a patient before and after: the cancellation policy on steps 2
and 3, a warning when the chosen time is already inside the window, the privacy page, and a
cancelled booking's link saying it was cancelled (and when)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.links import booking_manage_path
from tests.factories import MONDAY, patient_details


@pytest.fixture(autouse=True)
def _no_rate_limit_leak(settings):
    settings.BOOKING_RATE_LIMIT = "1000/h"


def test_steps_two_and_three_state_the_cancellation_policy(client, clinic, frozen_monday):
    assert "until 24 hours before your appointment" in client.get("/book/halo/").content.decode()
    later = (MONDAY + timedelta(days=7)).isoformat()
    page = client.get("/book/halo/details/", {"start": later}).content.decode()
    assert "until 24 hours before your appointment" in page
    assert reverse("treatments:privacy") in page
    assert "less than 24 hours away" not in page


def test_a_time_inside_the_window_says_so_before_the_patient_confirms(
    client, clinic, frozen_monday
):
    page = client.get("/book/halo/details/", {"start": MONDAY.isoformat()}).content.decode()
    assert "less than 24 hours away: once it's booked, it can't be moved" in page


def test_the_privacy_page_says_what_who_why_and_how_to_ask(client, clinic):
    page = client.get(reverse("treatments:privacy")).content.decode()
    for words in ("What we keep", "Why", "Who sees it", "A copy, a correction, or erasure"):
        assert words in page
    assert reverse("treatments:privacy") in client.get("/").content.decode()  # the footer


def test_a_cancelled_bookings_link_says_it_was_cancelled_and_when(client, clinic, frozen_monday):
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    link = booking_manage_path(booking)
    services.booking_cancel(booking=booking, reason="Travel", by_patient=True)
    response = client.get(link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This appointment was cancelled" in page
    assert "was cancelled on Sunday 11 April" in page
    assert "no longer valid" not in page


def test_booking_twice_at_once_keeps_the_first_and_resends_its_link_to_the_patient(
    client, clinic, frozen_monday
):
    from bookings.models import Booking
    from outbox.models import Message
    from tests.bookings.test_booking_pages import FORM

    start = (MONDAY + timedelta(days=7)).isoformat()
    first = client.post("/book/halo/details/", {**FORM, "start": start})
    assert first.status_code == 302
    # Back, then submit again: another provider is free then, but the patient is not.
    again = client.post("/book/halo/details/", {**FORM, "start": start, "provider": "any"})
    assert again.status_code == 409
    page = again.content.decode()
    assert "You're already booked at that time" in page
    assert "/manage/" not in page  # the link goes to the patient, not to this page
    assert Booking.objects.count() == 1
    confirmations = Message.objects.filter(kind="booking_confirmed", to="ana@example.com")
    assert confirmations.count() == 2


def test_a_common_email_typo_gets_a_did_you_mean_and_a_second_send_keeps_it(
    client, clinic, frozen_monday
):
    from bookings.models import Booking
    from tests.bookings.test_booking_pages import FORM

    start = (MONDAY + timedelta(days=7)).isoformat()
    typo = {**FORM, "start": start, "email": "ana@gmial.com"}
    response = client.post("/book/halo/details/", typo)
    assert response.status_code == 400
    assert "Did you mean ana@gmail.com?" in response.content.decode()
    assert not Booking.objects.exists()
    # The patient really does use that address: the same form sent again books.
    kept = {**typo, "email_checked": "ana@gmial.com"}
    assert 'name="email_checked" value="ana@gmial.com"' in response.content.decode()
    assert client.post("/book/halo/details/", kept).status_code == 302
    assert Booking.objects.get().patient.email == "ana@gmial.com"


def test_one_tap_on_the_suggested_email_books_with_it(client, clinic, frozen_monday):
    from bookings.models import Booking
    from tests.bookings.test_booking_pages import FORM
    from tests.forms_on_page import form_on_page

    start = (MONDAY + timedelta(days=7)).isoformat()
    typo = {**FORM, "start": start, "email": "ana@gmial.com"}
    asked = client.post("/book/halo/details/", typo)
    page = form_on_page(asked, "booking-details")
    use = page.button("Use ana@gmail.com")
    # Enter in a field sends the form as typed, not the suggestion.
    assert page.buttons[0].name == ""

    booked = client.post("/book/halo/details/", {**typo, use.name: use.value})

    assert booked.status_code == 302
    assert Booking.objects.get().patient.email == "ana@gmail.com"


def test_the_fix_button_can_only_carry_the_suggestion_for_what_was_typed(
    client, clinic, frozen_monday
):
    from bookings.models import Booking
    from tests.bookings.test_booking_pages import FORM

    start = (MONDAY + timedelta(days=7)).isoformat()
    forged = {**FORM, "start": start, "email": "ana@gmial.com", "email_use": "eve@example.com"}
    response = client.post("/book/halo/details/", forged)
    assert response.status_code == 400  # still asked "did you mean ana@gmail.com?"
    assert not Booking.objects.exists()

"""The desk books a caller from one screen: patient, appointment, provider, day and time in any
order, and no search, pick or redraw loses what was chosen. Driven as a browser would drive
the page without JavaScript: the fields the page renders are the fields sent back."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import translation

from bookings import services
from bookings.models import Booking, Patient
from bookings.staff.booking_page import phone_booking_page
from bookings.staff.forms import PhoneBookingForm
from tests.factories import MONDAY, as_user, patient_details
from tests.forms_on_page import form_on_page

NEW = reverse("staff:booking_new")
TEN = MONDAY + timedelta(hours=1)  # 10:00 AM in Chicago


def _opened_from_a_cell(client, clinic, start=TEN):
    return client.get(NEW, {"provider": clinic.dana.public_id, "start": start.isoformat()})


def _new_caller(**extra) -> dict:
    return {
        "new-first_name": "Bea",
        "new-last_name": "Caller",
        "new-email": "bea@example.com",
        "new-phone": "(312) 555-0199",
        **extra,
    }


def test_a_cell_pressed_book_without_showing_free_times_books_that_time(
    client, clinic, frontdesk, frozen_monday
):
    as_user(client, frontdesk)
    page = form_on_page(_opened_from_a_cell(client, clinic), "booking-new")
    # The hidden time and the date input carry ISO values, never "April 12, 2027".
    assert page.values["start"] == TEN.isoformat()
    assert page.values["date"] == "2027-04-12"

    sent = page.sent_by(
        page.button("Book"),
        appointment_type=clinic.consultation.pk,
        treatment=clinic.halo.pk,
        **_new_caller(),
    )
    response = client.post(NEW, sent)

    assert response.status_code == 302, response.content.decode()[-3000:]
    booking = Booking.objects.get()
    assert (booking.start, booking.provider, booking.patient.last_name) == (
        TEN,
        clinic.dana,
        "Caller",
    )


def test_searching_after_choosing_the_appointment_keeps_it_and_the_time(
    client, clinic, frontdesk, frozen_monday
):
    known = services.patient_find_or_create(details=patient_details(phone="(312) 555-0111"))
    as_user(client, frontdesk)
    page = form_on_page(_opened_from_a_cell(client, clinic), "booking-new")
    shown = client.post(
        NEW,
        page.sent_by(
            page.button("Show free times"),
            appointment_type=clinic.consultation.pk,
            treatment=clinic.halo.pk,
        ),
    )
    page = form_on_page(shown, "booking-new")
    assert page.values["start"] == TEN.isoformat()  # the clicked time, now a checked radio

    found = form_on_page(
        client.post(NEW, page.sent_by(page.button("Search"), q="555-0111")), "booking-new"
    )
    picked = client.post(NEW, found.sent_by(found.button("Ana Patient")))

    assert picked.status_code == 200 and Booking.objects.count() == 0
    page = form_on_page(picked, "booking-new")
    assert page.values["patient"] == str(known.public_id)
    assert page.values["appointment_type"] == str(clinic.consultation.pk)
    assert page.values["treatment"] == str(clinic.halo.pk)
    assert page.values["provider"] == str(clinic.dana.public_id)
    assert (page.values["date"], page.values["start"]) == ("2027-04-12", TEN.isoformat())
    assert client.post(NEW, page.sent_by(page.button("Book"))).status_code == 302
    assert Booking.objects.get().patient == known


def test_the_duplicate_warning_books_for_the_existing_record_keeping_every_choice(
    client, clinic, frontdesk, frozen_monday
):
    known = services.patient_find_or_create(details=patient_details(phone="(312) 555-0111"))
    as_user(client, frontdesk)
    page = form_on_page(_opened_from_a_cell(client, clinic), "booking-new")
    warned = client.post(
        NEW,
        page.sent_by(
            page.button("Book"),
            appointment_type=clinic.consultation.pk,
            treatment=clinic.halo.pk,
            **_new_caller(
                **{"new-first_name": "Ana", "new-last_name": "Patient", "new-phone": "312 555 0111"}
            ),
        ),
    )
    assert warned.status_code == 400 and not Patient.objects.exclude(pk=known.pk).exists()
    page = form_on_page(warned, "booking-new")
    picked = client.post(NEW, page.sent_by(page.button("Book for Ana Patient")))

    page = form_on_page(picked, "booking-new")
    assert page.values["patient"] == str(known.public_id)
    assert (page.values["appointment_type"], page.values["start"]) == (
        str(clinic.consultation.pk),
        TEN.isoformat(),
    )
    assert client.post(NEW, page.sent_by(page.button("Book"))).status_code == 302
    assert Booking.objects.get().patient == known and Patient.objects.count() == 1


def test_redrawing_never_books_and_calls_nothing_wrong(client, clinic, frontdesk, frozen_monday):
    as_user(client, frontdesk)
    page = form_on_page(_opened_from_a_cell(client, clinic), "booking-new")
    # Enter in any field presses the page's first button, which only redraws.
    assert page.buttons[0].value == "refresh"
    redrawn = client.post(
        NEW,
        page.sent_by(
            page.buttons[0],
            appointment_type=clinic.consultation.pk,
            treatment=clinic.halo.pk,
            **_new_caller(),
        ),
    )
    assert redrawn.status_code == 200 and Booking.objects.count() == 0
    assert "This field is required" not in redrawn.content.decode()


def test_changing_patient_lets_go_of_the_one_the_page_was_opened_with(
    client, clinic, frontdesk, frozen_monday
):
    known = services.patient_find_or_create(details=patient_details())
    as_user(client, frontdesk)
    page = form_on_page(client.get(NEW, {"patient": known.public_id}), "booking-new")
    changed = client.post(
        f"{NEW}?patient={known.public_id}", page.sent_by(page.button("Change patient"))
    )
    page = form_on_page(changed, "booking-new")
    assert page.values["patient"] == ""
    again = client.post(f"{NEW}?patient={known.public_id}", page.sent_by(page.buttons[0]))
    assert form_on_page(again, "booking-new").values["patient"] == ""


def test_a_clicked_time_is_let_go_when_another_day_is_chosen_and_named_when_not_free(
    clinic, frontdesk, frozen_monday
):
    opened = {"provider": str(clinic.dana.public_id), "start": TEN.isoformat()}
    choice = {
        "appointment_type": str(clinic.consultation.pk),
        "treatment": str(clinic.halo.pk),
        "provider": str(clinic.dana.public_id),
        "start": TEN.isoformat(),
        "step": "times",
    }
    from django.http import QueryDict

    def page(**changes):
        posted = QueryDict(mutable=True)
        posted.update({**choice, **changes})
        return phone_booking_page(
            user=frontdesk, opened=QueryDict(mutable=True) | opened, posted=posted
        )

    assert page(date="2027-04-12").chosen_start == TEN.isoformat()
    # A week later: the 10:00 was Monday's, neither chosen nor "not free".
    later = page(date="2027-04-19")
    assert (later.chosen_start, later.chosen_not_free) == ("", None)
    services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=TEN,
        provider=clinic.dana,
        patient_details=patient_details(email="first@example.com"),
        source="phone",
        online=False,
    )
    taken = page(date="2027-04-12")
    assert (taken.chosen_start, taken.chosen_not_free) == ("", TEN)


def test_dates_in_the_form_are_iso_whatever_the_language(frontdesk, clinic):
    form = PhoneBookingForm(initial={"date": date(2027, 4, 12)})
    with translation.override("es"):
        assert 'value="2027-04-12"' in str(form["date"])

"""The patient's manage page: a move she may not make online says why (inside the window,
booked by the desk, cancelled, over), there and when she tries anyway; Back after a move never
asks to move an appointment to the time it is already at; and a booking has one natural
label."""

from datetime import timedelta

import time_machine
from django.contrib.messages import get_messages

from bookings import services
from bookings.links import booking_manage_path
from bookings.models import Booking
from tests.factories import NEXT_MONDAY, halo_session
from tests.readable import readable


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_booking_she_may_move_has_no_refusal(booking):
    assert services.booking_patient_move_refusal(booking=booking) == ""
    assert services.booking_patient_may_move(booking=booking)


def test_inside_the_window_the_refusal_says_so(client, booking):
    with time_machine.travel(NEXT_MONDAY - timedelta(hours=5), tick=False):
        refusal = services.booking_patient_move_refusal(booking=booking)
        tried = client.get(booking_manage_path(booking) + "move/")
    assert refusal.startswith("It is less than 24 hours away")
    assert tried.status_code == 302
    assert _said(tried) == [f"{refusal} Please call us to move it."]


def test_a_session_the_desk_booked_is_moved_by_the_desk_and_the_page_says_why(
    client, clinic, consulted_patient
):
    session = halo_session(clinic, consulted_patient, NEXT_MONDAY)
    refusal = services.booking_patient_move_refusal(booking=session)
    assert refusal.startswith("It was booked with our front desk")
    assert not services.booking_patient_may_move(booking=session)

    page = client.get(booking_manage_path(session))
    assert page.context["move_refusal"] == refusal
    assert refusal in page.content.decode()
    tried = client.post(
        booking_manage_path(session) + "move/confirm/",
        {"start": (NEXT_MONDAY + timedelta(hours=4)).isoformat()},
    )
    assert _said(tried) == [f"{refusal} Please call us to move it."]
    assert Booking.objects.get(pk=session.pk).start == NEXT_MONDAY


def test_a_cancelled_booking_says_there_is_nothing_to_move(booking):
    cancelled = services.booking_cancel(booking=booking)
    assert services.booking_patient_move_refusal(booking=cancelled) == (
        "This appointment was cancelled, so there is nothing to move."
    )


def test_back_after_a_move_says_where_the_appointment_stands_instead_of_asking_again(
    client, booking
):
    path = booking_manage_path(booking)
    new = NEXT_MONDAY + timedelta(hours=4)
    client.post(path + "move/confirm/", {"start": new.isoformat()})
    booking.refresh_from_db()
    assert booking.start == new

    back = client.get(path + "move/confirm/", {"start": new.isoformat()})

    assert back.status_code == 302 and back["Location"] == path
    assert _said(back)[-1] == "Your appointment is at 1:00 PM on Monday 19 April, as chosen."
    booking.refresh_from_db()
    assert booking.sequence == 1  # nothing moved again


def test_the_manage_page_names_a_session_once_and_a_consultation_with_its_subject(
    client, booking, clinic, consulted_patient
):
    page = client.get(booking_manage_path(booking))
    assert page.context["booking"].label == "Free consultation about HALO"
    session = halo_session(clinic, consulted_patient, NEXT_MONDAY + timedelta(hours=3))
    assert session.label == "HALO session"  # never "HALO session about HALO"
    assert "HALO session about" not in readable(client.get(booking_manage_path(session)))
    assert session.label_mid_sentence == "HALO session"
    assert booking.label_mid_sentence == "free consultation about HALO"

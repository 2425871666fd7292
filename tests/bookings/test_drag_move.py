"""Dragging a booking on the day grid moves it through the move page's own service: the same
rules, the same audit row and "moved" message, the same permission; bad drops change nothing
and are answered 4xx in words; two drops racing for one slot leave one winner."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bookings import services
from bookings.models import AuditEntry, Booking
from outbox.models import Message
from tests.factories import MONDAY, as_user, booking_book, provider_make

LATER = MONDAY + timedelta(hours=2)  # 11:00 AM in Chicago


def drop(client, booking, *, to=LATER, to_provider=None, **override):
    """What static/js/grid-drag.js posts when a block is dropped on a column."""
    data = {
        "start": to.isoformat(),
        "provider": str((to_provider or booking.provider).public_id),
        "shown_start": booking.start.isoformat(),
        "shown_provider": str(booking.provider.public_id),
        **override,
    }
    url = reverse("staff:booking_grid_move", kwargs={"booking_id": booking.public_id})
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def _traces(booking) -> dict:
    """What a move leaves behind, whichever door it came through."""
    booking.refresh_from_db()
    return {
        "audit": list(
            AuditEntry.objects.filter(booking=booking, action=AuditEntry.Action.CHANGE).values_list(
                "actor__username", "what", "detail__provider"
            )
        ),
        "messages": sorted(Message.objects.filter(booking=booking).values_list("kind", flat=True)),
        "sequence": booking.sequence,
    }


def test_a_drop_moves_the_booking_as_the_move_page_does(client, clinic, frontdesk, frozen_monday):
    by_form = booking_book(clinic, source="phone", email="form@example.com")
    by_drag = booking_book(clinic, source="phone", email="drag@example.com", provider=clinic.priya)
    as_user(client, frontdesk)
    client.post(
        reverse("staff:booking_move", args=[by_form.public_id]),
        {"start": LATER.isoformat(), "provider": str(clinic.priya.public_id)},
    )
    response = drop(client, by_drag, to=LATER + timedelta(hours=1), to_provider=clinic.dana)

    assert response.status_code == 200
    assert response.json()["message"].startswith("Moved Ana Patient to 12:00 PM with Dana.")
    by_drag.refresh_from_db()
    assert (by_drag.provider, by_drag.start) == (clinic.dana, LATER + timedelta(hours=1))
    # The same audit row, the same "moved" message for the patient, as the form's move.
    assert _traces(by_drag) == {
        "audit": [("desk", "booking time", "Dana")],
        "messages": ["booking_confirmed", "booking_moved"],
        "sequence": 1,
    }
    assert _traces(by_form) == {**_traces(by_drag), "audit": [("desk", "booking time", "Priya")]}


@pytest.fixture
def marcus(clinic):
    """Works Mondays, but performs no HALO."""
    return provider_make("Marcus", [])


@pytest.mark.parametrize(
    ("change", "status", "said"),
    [
        ({"start": (MONDAY - timedelta(days=1)).isoformat()}, 400, "has passed"),
        ({"start": "Monday at eleven"}, 400, "could not be read"),
        ({"start": "2027-04-12T11:00:00"}, 400, "could not be read"),  # no offset
        ({"start": "2027-02-30T11:00:00-05:00"}, 400, "could not be read"),
        ({"start": None}, 400, "Say when"),
        ({"provider": "00000000-0000-0000-0000-000000000001"}, 400, "no such provider"),
        ({"provider": "Priya"}, 400, "no such provider"),
        ({"provider": "marcus"}, 400, "Marcus does not perform HALO"),
        ({"shown_start": None}, 400, "where the grid showed"),
        ({"shown_start": (MONDAY + timedelta(hours=1)).isoformat()}, 409, "changed since"),
        ({"shown_provider": "priya"}, 409, "now at 9:00 AM on Mon 12 Apr with Dana"),
        ({"start": (MONDAY + timedelta(hours=9)).isoformat()}, 409, "just taken"),  # 6 PM
        ({"start": (MONDAY + timedelta(minutes=5)).isoformat()}, 409, "just taken"),  # 9:05
    ],
)
def test_a_bad_drop_is_answered_in_words_and_changes_nothing(
    client, clinic, frontdesk, marcus, frozen_monday, change, status, said
):
    booking = booking_book(clinic, source="phone")
    named = {"marcus": str(marcus.public_id), "priya": str(clinic.priya.public_id)}
    change = {k: named.get(v, v) for k, v in change.items()}
    before = _traces(booking)

    response = drop(as_user(client, frontdesk), booking, **change)

    assert response.status_code == status
    assert response.json()["moved"] is False
    assert said.lower() in response.json()["message"].lower()
    assert response.json()["message"].startswith("Not moved.")
    assert _traces(booking) == before
    assert Booking.objects.get(pk=booking.pk).start == MONDAY


def test_a_drop_on_a_taken_slot_names_the_nearest_free_times(
    client, clinic, frontdesk, frozen_monday
):
    booking = booking_book(clinic, source="phone")
    booking_book(
        clinic, source="phone", email="bea@example.com", start=LATER, provider=clinic.priya
    )

    response = drop(as_user(client, frontdesk), booking, to_provider=clinic.priya)

    assert response.status_code == 409
    message = response.json()["message"]
    # Bea's 11:00 holds Priya until 11:40 with its buffer: 11:45 is the next free start.
    assert "that time was just taken" in message and "11:45 AM" in message
    assert Booking.objects.get(pk=booking.pk).start == MONDAY


def test_a_booking_cancelled_meanwhile_is_not_moved(client, clinic, frontdesk, frozen_monday):
    booking = booking_book(clinic, source="phone")
    services.booking_cancel(booking=booking, reason="Called", actor=frontdesk)

    response = drop(as_user(client, frontdesk), booking)

    assert response.status_code == 409
    assert "cancelled booking cannot be moved" in response.json()["message"]
    assert not Message.objects.filter(kind="booking_moved").exists()


@pytest.mark.parametrize("who", ["provider_dana", "nobody"])
def test_only_those_who_may_move_bookings_may_drop_them(
    client, clinic, frozen_monday, request, who
):
    booking = booking_book(clinic, source="phone")
    user = request.getfixturevalue(who)

    response = drop(as_user(client, user), booking)

    assert response.status_code == 403
    # Refused at the door, the move page's permission: not told what was wrong with a drop.
    assert drop(client, booking, start="nonsense").status_code == 403
    assert Booking.objects.get(pk=booking.pk).start == MONDAY
    assert AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.DENIED).exists()


def test_a_drop_needs_the_csrf_token_and_a_post(clinic, frontdesk, frozen_monday):
    booking = booking_book(clinic, source="phone")
    browser = as_user(Client(enforce_csrf_checks=True), frontdesk)
    assert drop(browser, booking).status_code == 403
    assert Booking.objects.get(pk=booking.pk).start == MONDAY

    browser.get(reverse("staff:day"), {"date": "2027-04-12"})
    token = browser.cookies["csrftoken"].value
    url = reverse("staff:booking_grid_move", kwargs={"booking_id": booking.public_id})
    assert browser.get(url).status_code == 405
    browser.defaults["HTTP_X_CSRFTOKEN"] = token
    assert drop(browser, booking).status_code == 200


def test_the_grid_marks_only_what_the_user_may_move(
    client, clinic, frontdesk, provider_dana, frozen_monday
):
    day = {"date": "2027-04-12"}
    movable = booking_book(clinic, source="phone")
    cancelled = booking_book(clinic, source="phone", email="bea@example.com", start=LATER)
    services.booking_cancel(booking=cancelled, reason="Called")

    page = as_user(client, frontdesk).get(reverse("staff:day"), day).content.decode()
    assert page.count('data-draggable="true"') == 1
    assert f'data-booking="{movable.public_id}"' in page and "data-move-url=" in page
    assert "js/grid-drag.js" in page

    page = as_user(client, provider_dana).get(reverse("staff:day"), day).content.decode()
    assert "data-draggable" not in page and "data-move-url=" not in page
    assert "js/grid-drag.js" not in page


def test_a_drop_snaps_to_the_booking_rules_start_time_grid(
    client, clinic, frontdesk, frozen_monday, settings
):
    settings.BOOKING_SLOT_GRID_MINUTES = 30
    page = as_user(client, frontdesk).get(reverse("staff:day"), {"date": "2027-04-12"})
    assert 'data-snap-minutes="30"' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_drops_racing_for_one_slot_leave_one_winner(clinic, frontdesk, frozen_monday):
    # Two bookings, two desks, one 11:00 with Priya: the database settles it.
    racers = [
        booking_book(
            clinic, source="phone", email=f"p{i}@example.com", start=MONDAY + timedelta(hours=i)
        )
        for i in (0, 1)
    ]
    barrier = threading.Barrier(len(racers))
    answers: list = []

    def race(booking):
        try:
            browser = as_user(Client(), frontdesk)
            barrier.wait(timeout=30)
            response = drop(browser, booking, to_provider=clinic.priya)
            answers.append((response.status_code, response.json()["message"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(booking,)) for booking in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in answers) == [200, 409]
    assert "that time was just taken" in next(m for s, m in answers if s == 409)
    assert Booking.objects.filter(provider=clinic.priya, start=LATER).count() == 1
    assert Message.objects.filter(kind="booking_moved").count() == 1

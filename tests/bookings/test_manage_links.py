from datetime import timedelta

import pytest
import time_machine
from django.core import signing

from bookings import services
from bookings.links import (
    MANAGE_LINK,
    booking_from_manage_token,
    booking_manage_path,
    booking_manage_token,
)
from bookings.models import Booking
from tests.factories import MONDAY, NEXT_MONDAY, patient_details
from tests.readable import mentions


def test_the_manage_link_shows_the_booking_without_a_login(client, booking):
    response = client.get(booking_manage_path(booking))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your appointment" in html
    assert "Dana" in html
    # The link carries the random public id and the per-booking secret, never the row id.
    payload = signing.loads(booking_manage_token(booking), salt=MANAGE_LINK.salt)
    assert payload == {"b": booking.public_id.hex, "t": booking.manage_token}


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: signing.dumps({"b": "0" * 32, "t": "x"}, salt=MANAGE_LINK.salt),
        lambda token: signing.dumps({"b": "0" * 32, "t": "x"}, salt="some-other-salt"),
    ],
    ids=["tampered-signature", "garbage", "unknown-booking", "wrong-salt"],
)
def test_forged_links_get_the_plain_invalid_page(client, booking, mangle):
    response = client.get(f"/manage/{mangle(booking_manage_token(booking))}/")
    assert response.status_code == 404
    assert "This link is no longer valid" in response.content.decode()
    assert not mentions(response, "Ana")


def test_a_link_to_another_booking_cannot_be_made_by_swapping_its_id(client, clinic, booking):
    other = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.priya,
        patient_details=patient_details("eve@example.com"),
        source="online",
    )
    forged = signing.dumps(
        {"b": other.public_id.hex, "t": booking.manage_token}, salt=MANAGE_LINK.salt
    )
    assert booking_from_manage_token(forged) is None


def test_a_link_expires(booking, settings):
    token = booking_manage_token(booking)
    with time_machine.travel(timedelta(days=settings.BOOKING_LINK_MAX_AGE_DAYS + 1)):
        assert booking_from_manage_token(token) is None


def test_cancelling_kills_every_old_link(client, booking):
    path = booking_manage_path(booking)
    response = client.post(path + "cancel/", {"reason": "Can't make it"})
    assert response.status_code == 200
    assert "cancelled" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    # The old link now only says the booking was cancelled: no page to act from.
    dead = client.get(path)
    assert dead.status_code == 410 and "This appointment was cancelled" in dead.content.decode()
    assert "Move to another time" not in dead.content.decode()
    assert client.post(path + "cancel/", {"reason": "again"}).status_code == 410


def test_the_patient_moves_the_booking_from_the_link(client, booking, clinic):
    path = booking_manage_path(booking)
    new = (NEXT_MONDAY + timedelta(hours=4)).isoformat()
    page = client.get(path + "move/")
    assert page.status_code == 200 and "Move your appointment" in page.content.decode()

    response = client.post(path + "move/confirm/", {"start": new})

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == NEXT_MONDAY + timedelta(hours=4)
    assert client.get(path).status_code == 200  # moving keeps the link alive


def test_inside_the_cancellation_window_the_page_shows_the_phone_instead(client, booking):
    path = booking_manage_path(booking)
    with time_machine.travel(NEXT_MONDAY - timedelta(hours=5), tick=False):
        html = client.get(path).content.decode()
        refused = client.post(path + "cancel/", {"reason": ""})
    assert "(312) 555-0100" in html
    assert "Yes, cancel my appointment" not in html
    assert refused.status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


def test_the_calendar_file_downloads_from_the_link(client, booking):
    response = client.get(booking_manage_path(booking) + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content

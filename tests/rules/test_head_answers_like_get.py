"""HEAD is answered wherever GET is: uptime monitors and load balancers ask with HEAD, and a
405 there reads as "the site is down". Each address answers HEAD with GET's status and no
body."""

from datetime import timedelta
from pathlib import Path

import pytest

from aftercare.links import course_timeline_path, unsubscribe_path
from bookings.links import booking_manage_path
from photos.links import photo_patient_path
from tests.factories import (
    MONDAY,
    THREE_WEEKS,
    FAQFactory,
    PhotoFactory,
    complete,
    halo_session,
    photo_consent_sign,
)
from treatments.models import Clinic

PUBLIC_ADDRESSES = [
    "/",
    "/treatments/",
    "/treatments/halo/",
    "/treatments/faq/",
    "/privacy/",
    "/book/",
    "/book/halo/",
    "/robots.txt",
    "/healthz",
]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _head_answers_like_get(client, address: str) -> None:
    # HEAD first: a monitor's request reaches a cold page cache.
    head = client.head(address)
    get = client.get(address)

    assert head.status_code == get.status_code, address
    assert _body(head) == b"", address


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_head_on_a_public_page_answers_200_and_no_body(client, clinic, frozen_monday, address):
    FAQFactory(treatment=clinic.halo, question="Does it hurt?")

    head = client.head(address)

    assert head.status_code == 200, address
    assert _body(head) == b""
    _head_answers_like_get(client, address)


def test_head_on_a_public_picture_answers_like_get(client, settings):
    folder = Path(settings.MEDIA_ROOT) / "public" / "treatments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "head-480w.webp").write_bytes(b"RIFF....WEBP")

    _head_answers_like_get(client, "/media/public/treatments/head-480w.webp")


@pytest.fixture
def course(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, MONDAY + THREE_WEEKS)
    frozen_monday.move_to(booking.start + timedelta(hours=2))
    return complete(booking).course


def test_head_on_a_patients_own_links_answers_like_get(client, course):
    """The pages patients reach from their emails and texts (link checkers ask with HEAD)."""
    Clinic.objects.update(patients_see_photos=True)
    photo_consent_sign(course.booking, agreed=True)
    photo = PhotoFactory(booking=course.booking, ready=True)
    manage = booking_manage_path(course.booking)
    timeline = course_timeline_path(course)
    addresses = [
        manage,
        manage + "calendar.ics",
        manage + "move/",
        timeline,
        timeline + "next/",
        unsubscribe_path(course.patient),
        photo_patient_path(photo),
    ]
    for address in addresses:
        _head_answers_like_get(client, address)

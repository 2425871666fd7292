"""Bytes that are not text get a 400 before any view reads them (medspa/middleware.py): a NUL
byte, bytes that are not UTF-8, a form in another charset. Each of these was a 500, or "��" in
a patient's name, before."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bookings.models import Patient
from tests.factories import as_user

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def desk(client):
    user = get_user_model().objects.create_user(username="desk", password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Front desk"))
    as_user(client, user)
    return client


def test_a_nul_byte_in_the_patient_search_is_a_400(desk):
    response = desk.get("/staff/patients/?q=ana%00")

    assert response.status_code == 400
    assert b"could not be read" in response.content


def test_a_nul_byte_in_the_new_booking_search_is_a_400(desk):
    assert desk.get("/staff/bookings/new/?q=%00").status_code == 400


def test_a_nul_byte_in_the_public_booking_topic_is_a_400(client):
    assert client.get("/book/?treatment=halo%00").status_code == 400


def test_bytes_that_are_not_utf8_in_a_query_are_a_400(client):
    assert client.get("/treatments/?q=%FF%FE").status_code == 400


def test_a_nul_byte_in_a_cancellation_reason_is_a_400(desk):
    response = desk.post(
        "/staff/bookings/00000000-0000-0000-0000-000000000001/status/",
        "to=cancelled&reason=late%00",
        content_type=FORM,
    )

    assert response.status_code == 400


def test_a_form_in_utf7_is_a_400(desk):
    response = desk.post(
        "/staff/bookings/new/", "new-first_name=%2BAGQ-", content_type=f"{FORM}; charset=utf-7"
    )

    assert response.status_code == 400


def test_a_name_in_bytes_that_are_not_utf8_never_reaches_the_records(desk):
    body = "new-first_name=Zo%EB&new-last_name=Test&new-email=zoe%40example.com&new-phone=5550100"

    response = desk.post("/staff/bookings/new/", body, content_type=FORM)

    assert response.status_code == 400
    assert not Patient.objects.exists()


def test_a_nul_byte_in_a_multipart_form_is_a_400(desk):
    response = desk.post("/staff/patients/", {"q": "ana\x00"})  # the test client's multipart

    assert response.status_code == 400


def test_a_name_in_utf8_with_accents_is_read_as_typed(client):
    response = client.get("/treatments/?q=Zo%C3%AB%20%C3%85ngstr%C3%B6m-N%C3%BA%C3%B1ez")

    assert response.status_code == 200


def test_a_form_that_says_utf8_in_capitals_is_read(desk):
    response = desk.post("/staff/patients/", "q=ana", content_type=f"{FORM}; charset=UTF-8")

    assert response.status_code != 400

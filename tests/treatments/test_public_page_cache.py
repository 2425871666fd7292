import pytest
from django.db import transaction
from django.test import Client

from tests.factories import ClinicFactory, TreatmentFactory
from treatments.models import Treatment

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_treatment_page_is_served_from_the_cache_on_the_second_visit(
    client, django_assert_num_queries
):
    ClinicFactory()
    TreatmentFactory(slug="halo")
    client.get("/treatments/halo/")

    with django_assert_num_queries(0):
        response = client.get("/treatments/halo/")
    assert response.status_code == 200


def test_an_edit_in_the_admin_shows_on_the_next_visit(client):
    ClinicFactory()
    TreatmentFactory(slug="halo", summary="Old words.")
    assert "Old words." in client.get("/treatments/halo/").content.decode()

    with transaction.atomic():
        treatment = Treatment.objects.get(slug="halo")
        treatment.summary = "New words."
        treatment.save()

    html = client.get("/treatments/halo/").content.decode()
    assert "New words." in html
    assert "Old words." not in html


def test_unpublishing_takes_the_page_down_at_once(client):
    TreatmentFactory(slug="halo")
    assert client.get("/treatments/halo/").status_code == 200

    treatment = Treatment.objects.get(slug="halo")
    treatment.is_published = False
    treatment.save()

    assert client.get("/treatments/halo/").status_code == 404


def _with_message(client, text: str):
    """Puts a flash message in the client's session, as a booking change would."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import MessageEncoder
    from django.contrib.messages.storage.session import SessionStorage

    session = client.session
    session[SessionStorage.session_key] = MessageEncoder().encode(
        [Message(constants.SUCCESS, text)]
    )
    session.save()
    client.cookies["sessionid"] = session.session_key
    return client


def test_a_flash_message_is_never_cached_for_other_visitors(client):
    TreatmentFactory(slug="halo")
    _with_message(client, "Private note for Ana")

    mine = client.get("/treatments/halo/")
    theirs = Client().get("/treatments/halo/")
    again = Client().get("/treatments/halo/")

    assert "Private note for Ana" in mine.content.decode()
    assert "private" in mine["Cache-Control"]
    assert "Private note for Ana" not in theirs.content.decode()
    assert "Private note for Ana" not in again.content.decode()


def test_a_page_cached_for_anonymous_visitors_does_not_hide_a_sessions_message(client):
    TreatmentFactory(slug="halo")
    Client().get("/treatments/halo/")  # now cached for everyone without a session
    _with_message(client, "Your appointment has moved")

    assert "Your appointment has moved" in client.get("/treatments/halo/").content.decode()

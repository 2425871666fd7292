import pytest
from django.db import transaction

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


def test_the_cached_page_varies_by_cookie_so_no_visitor_sees_another_ones_copy(client):
    TreatmentFactory(slug="halo")
    response = client.get("/treatments/halo/")
    assert "Cookie" in response.get("Vary", "")

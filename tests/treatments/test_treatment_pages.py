import json
import re

import pytest
from django.urls import reverse

from tests.factories import ClinicFactory, FAQFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block on the page"
    return json.loads(match.group(1))


def test_home_page_lists_published_treatments_and_offers_a_free_consultation(client):
    ClinicFactory()
    TreatmentFactory(name="HALO hybrid laser", slug="halo")
    TreatmentFactory(name="Secret draft", slug="draft", is_published=False)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "HALO hybrid laser" in html
    assert "Secret draft" not in html
    assert f'href="{reverse("bookings:start")}"' in html
    assert "Book a free consultation" in html


def test_booking_call_to_action_leads_to_a_page_not_a_404(client):
    ClinicFactory(phone="(312) 555-0148")
    response = client.get(reverse("bookings:start"))
    assert response.status_code == 200
    assert 'href="tel:+13125550148"' in response.content.decode()


def test_treatment_page_shows_its_sections_faqs_title_and_description(client):
    ClinicFactory(name="Test Skin Clinic")
    treatment = TreatmentFactory(
        name="HALO",
        slug="halo",
        summary="Hybrid laser for tone and texture.",
        after_your_session="Day 0: it feels **warm**.",
    )
    FAQFactory(treatment=treatment, question="Does it hurt?", answer="Numbing cream helps.")
    FAQFactory(treatment=treatment, question="Hidden?", is_published=False)

    html = client.get("/treatments/halo/").content.decode()

    assert "<title>HALO | Test Skin Clinic</title>" in html
    assert '<meta name="description" content="Hybrid laser for tone and texture.">' in html
    assert 'id="aftercare"' in html
    assert "<strong>warm</strong>" in html
    assert "Does it hurt?" in html
    assert "Hidden?" not in html


def _procedure(data: dict) -> dict:
    return next(node for node in data["@graph"] if node["@type"] == "MedicalProcedure")


def test_treatment_page_carries_medical_procedure_structured_data(client, settings):
    settings.SITE_URL = "https://book.clinic.example"
    ClinicFactory(name="Test Skin Clinic")
    TreatmentFactory(
        slug="halo", name="HALO", before_your_session="Stop retinoids.", procedure_type=""
    )

    data = _json_ld(client.get("/treatments/halo/").content.decode())

    page = next(node for node in data["@graph"] if node["@type"] == "MedicalWebPage")
    procedure = _procedure(data)
    assert procedure["name"] == "HALO"
    assert procedure["preparation"] == "Stop retinoids."
    assert page["about"] == {"@id": procedure["@id"]}
    # The clinic is named by its one @id, never described again; a procedure has no provider.
    assert page["publisher"] == {"@id": "https://book.clinic.example/#clinic"}
    assert "provider" not in procedure
    # A treatment the clinic gave no procedure type claims none (resurfacing is not
    # non-invasive).
    assert "procedureType" not in procedure


def test_a_treatment_says_its_own_procedure_type(client):
    ClinicFactory()
    TreatmentFactory(slug="halo", procedure_type="noninvasive")
    data = _json_ld(client.get("/treatments/halo/").content.decode())
    assert _procedure(data)["procedureType"] == "https://schema.org/NoninvasiveProcedure"


def test_the_clinic_is_described_once_on_the_home_page_and_named_by_id_elsewhere(client, settings):
    settings.SITE_URL = "https://book.clinic.example"
    ClinicFactory(latitude="41.881900", longitude="-87.627800", price_level="$$$")

    clinic = _json_ld(client.get("/").content.decode())
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["@id"] == "https://book.clinic.example/#clinic"
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 41.8819, "longitude": -87.6278}
    assert clinic["priceRange"] == "$$$"
    assert clinic["image"] == "https://book.clinic.example/static/img/og-card.png"
    assert clinic["address"]["@type"] == "PostalAddress"
    for path in ("/treatments/", "/treatments/faq/", "/privacy/", "/book/"):
        page = _json_ld(client.get(path).content.decode())
        assert page["publisher"] == {"@id": "https://book.clinic.example/#clinic"}, path


def test_structured_data_cannot_be_broken_out_of_by_admin_text(client):
    ClinicFactory()
    TreatmentFactory(slug="halo", summary="</script><script>alert(1)</script>")

    html = client.get("/treatments/halo/").content.decode()

    assert "<script>alert(1)" not in html
    assert _procedure(_json_ld(html))["description"] == "</script><script>alert(1)</script>"


def test_unpublished_treatment_is_not_found(client):
    TreatmentFactory(slug="draft", is_published=False)
    assert client.get("/treatments/draft/").status_code == 404
    assert client.get("/treatments/no-such-thing/").status_code == 404


def test_faq_page_groups_published_questions_by_treatment(client):
    ClinicFactory()
    halo = TreatmentFactory(name="HALO", slug="halo")
    FAQFactory(treatment=halo, question="How many sessions?")
    draft = TreatmentFactory(name="Draft", slug="draft", is_published=False)
    FAQFactory(treatment=draft, question="Draft question?")

    html = client.get(reverse("treatments:faq")).content.decode()

    assert "How many sessions?" in html
    assert "Draft question?" not in html


def test_contact_block_has_the_clinic_phone_as_a_tel_link(client):
    ClinicFactory(phone="(312) 555-0148")
    html = client.get(reverse("treatments:list")).content.decode()
    assert '<a href="tel:+13125550148">(312) 555-0148</a>' in html


def test_pages_render_before_the_clinic_is_set_up(client):
    # A fresh install with no clinic row yet must not crash.
    TreatmentFactory(slug="halo")
    assert client.get("/").status_code == 200
    assert client.get("/treatments/halo/").status_code == 200


def test_pages_refuse_unsafe_methods(client):
    TreatmentFactory(slug="halo")
    assert client.post("/treatments/halo/").status_code == 405

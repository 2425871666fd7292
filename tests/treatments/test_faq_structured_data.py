"""Questions and answers are marked up for search engines as FAQPage, on the questions page
and on each treatment's page, and the clinic's number carries its country code."""

import json
import re

import pytest

from tests.factories import ClinicFactory, FAQFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block on the page"
    return json.loads(match.group(1))


def _types(node: dict) -> set[str]:
    kind = node["@type"]
    return set(kind) if isinstance(kind, list) else {kind}


def test_the_questions_page_is_a_faq_page_of_every_published_question(client, settings):
    settings.SITE_URL = "https://book.clinic.example"
    ClinicFactory()
    halo = TreatmentFactory(slug="halo", name="HALO")
    FAQFactory(treatment=halo, question="Does it hurt?", answer="It feels **warm**.")
    FAQFactory(treatment=halo, question="Hidden?", is_published=False)
    FAQFactory(treatment=TreatmentFactory(slug="toning"), question="How many sessions?")

    data = _json_ld(client.get("/treatments/faq/").content.decode())

    assert data["@type"] == "FAQPage"
    assert data["url"] == "https://book.clinic.example/treatments/faq/"
    assert data["publisher"] == {"@id": "https://book.clinic.example/#clinic"}
    questions = {q["name"]: q["acceptedAnswer"] for q in data["mainEntity"]}
    assert set(questions) == {"Does it hurt?", "How many sessions?"}
    # The answer as words: Markdown and markup left out.
    assert questions["Does it hurt?"] == {"@type": "Answer", "text": "It feels warm."}


def test_a_treatment_page_with_questions_is_also_their_faq_page(client):
    ClinicFactory()
    halo = TreatmentFactory(slug="halo", name="HALO")
    FAQFactory(treatment=halo, question="Does it hurt?")
    TreatmentFactory(slug="toning")

    data = _json_ld(client.get("/treatments/halo/").content.decode())
    (page,) = [node for node in data["@graph"] if "MedicalWebPage" in _types(node)]
    assert _types(page) == {"MedicalWebPage", "FAQPage"}
    assert [q["name"] for q in page["mainEntity"]] == ["Does it hurt?"]

    without = _json_ld(client.get("/treatments/toning/").content.decode())
    (page,) = [node for node in without["@graph"] if "MedicalWebPage" in _types(node)]
    assert _types(page) == {"MedicalWebPage"} and "mainEntity" not in page


def test_the_clinics_number_is_given_with_its_country_code(client):
    ClinicFactory(phone="(312) 555-0100")
    clinic = _json_ld(client.get("/").content.decode())
    assert clinic["telephone"] == "+1 312-555-0100"

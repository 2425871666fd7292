"""What the merge page tests read of the page: an element's words, links and table rows (never
the whole page's bytes), and the two records of one person they merge."""

from django.urls import reverse

from tests.factories import PatientFactory
from tests.page_element import PageElement, page_element


def element(response, element_id: str) -> PageElement:
    return page_element(response, id=element_id)


def text(response, element_id: str) -> str:
    return " ".join(" ".join(element(response, element_id).pieces).split())


def merge_url(patient) -> str:
    return reverse("staff:patient_merge", args=[patient.public_id])


def twins_make():
    """Ana's record, and a second one the desk made when she called from a new email."""
    kept = PatientFactory(first_name="Ana", last_name="Rivera", email="ana@example.com")
    duplicate = PatientFactory(
        first_name="Ana", last_name="Rivera", email="ana.new@example.com", phone="+13125550148"
    )
    return kept, duplicate

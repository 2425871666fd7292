import pytest
from django.db import IntegrityError
from django.urls import reverse

from tests.factories import ClinicFactory, FAQFactory, StaffUserFactory, TreatmentFactory, as_user
from tests.treatments.admin_forms import treatment_admin_form
from treatments.models import Clinic

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    as_user(client, StaffUserFactory(is_superuser=True))
    return client


def test_staff_edit_a_treatment_in_the_admin_and_the_page_changes(manager_client):
    treatment = TreatmentFactory(slug="halo", summary="Before.")
    FAQFactory(treatment=treatment, question="Kept question?")
    url = reverse("admin:treatments_treatment_change", args=[treatment.pk])

    response = manager_client.post(url, treatment_admin_form(treatment, summary="After the edit."))

    assert response.status_code == 302, response.context["adminform"].errors
    page = manager_client.get("/treatments/halo/").content.decode()
    assert "After the edit." in page
    assert "Kept question?" in page


def test_an_admin_edit_with_a_missing_summary_is_refused_and_changes_nothing(manager_client):
    treatment = TreatmentFactory(slug="halo", summary="Before.")
    url = reverse("admin:treatments_treatment_change", args=[treatment.pk])

    response = manager_client.post(url, treatment_admin_form(treatment, summary=""))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    treatment.refresh_from_db()
    assert treatment.summary == "Before."


def test_the_admin_lists_treatments_and_opens_the_clinic(manager_client):
    TreatmentFactory(name="HALO")
    clinic = ClinicFactory()
    assert (
        "HALO"
        in manager_client.get(reverse("admin:treatments_treatment_changelist")).content.decode()
    )
    response = manager_client.get(reverse("admin:treatments_clinic_change", args=[clinic.pk]))
    assert response.status_code == 200
    assert "America/Chicago" in response.content.decode()


def test_the_clinic_is_a_single_row(manager_client):
    ClinicFactory()
    response = manager_client.get(reverse("admin:treatments_clinic_add"))
    assert response.status_code == 403
    with pytest.raises(IntegrityError):
        Clinic.objects.create(id=2, name="Second", phone="1", email="a@example.com")


def test_the_admin_needs_a_staff_login(client):
    response = client.get(reverse("admin:treatments_treatment_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]

"""One rule for reading charts (bookings.access.may_read_clinical_record): a provider reads
the charts of their own patients whichever colleague saw them, managers all. A colleague's
draft is that provider's work in progress: others see "draft in progress by X", never what
it says. Writing stays with the session's own provider and managers."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings.access import AccessDenied
from charting import services
from tests.factories import FIRST_SESSION, BookingFactory, as_user, chart_details, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(clinic):
    user = staff_user("priya", "Provider", first_name="Priya", last_name="Shah")
    clinic.priya.user = user
    clinic.priya.save(update_fields=["user"])
    return user


@pytest.fixture
def priyas_session(clinic, patient, first_session, priya):
    """The patient's next session, with Priya: Dana's patient is now Priya's too."""
    return BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.priya,
        start=FIRST_SESSION + timedelta(weeks=4),
        patient=patient,
        status="checked_in",
    )


def test_a_provider_reads_a_colleagues_chart_of_their_own_patient(
    client, priya, signed_chart, priyas_session
):
    as_user(client, priya)
    response = client.get(reverse("charting:chart", args=[signed_chart.booking.public_id]))
    assert response.status_code == 200
    assert "Ablative coverage 20 %" in response.content.decode()
    assert response.context["form"] is None  # reading, not writing, Dana's session
    patient_page = client.get(reverse("staff:patient", args=[priyas_session.patient.public_id]))
    assert "Ablative coverage (%)" in patient_page.content.decode()


def test_a_provider_charting_their_session_carries_forward_a_colleagues_chart(
    client, priya, signed_chart, priyas_session, halo_device
):
    as_user(client, priya)
    response = client.get(reverse("charting:chart", args=[priyas_session.public_id]))
    assert response.context["last"] == signed_chart
    assert response.context["form"].initial["skin_type"] == "III"


def test_a_provider_may_not_write_a_colleagues_session(
    priya, signed_chart, priyas_session, halo_device, areas
):
    with pytest.raises(AccessDenied):
        services.addendum_add(booking=signed_chart.booking, actor=priya, text="Mine")


def test_a_colleagues_draft_shows_only_as_in_progress(
    client, priya, provider_dana, first_session, priyas_session, halo_device, areas
):
    services.chart_save(
        booking=first_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas[:1], adverse_events="Blistering on the chin"),
    )
    as_user(client, priya)
    text = client.get(reverse("staff:patient", args=[first_session.patient.public_id]))
    text = text.content.decode()
    assert "draft in progress by" in text
    assert "Blistering" not in text and "Ablative coverage" not in text
    chart_page = client.get(reverse("charting:chart", args=[first_session.public_id]))
    page = chart_page.content.decode()
    assert "Draft in progress by" in page and "Blistering" not in page


def test_the_drafts_own_provider_and_a_manager_read_it(
    client, manager, provider_dana, first_session, halo_device, areas
):
    services.chart_save(
        booking=first_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas[:1], adverse_events="Blistering on the chin"),
    )
    for user in (provider_dana, manager):
        as_user(client, user)
        page = client.get(reverse("staff:patient", args=[first_session.patient.public_id]))
        assert "Blistering on the chin" in page.content.decode()


def test_a_provider_who_never_saw_the_patient_reads_nothing(client, priya, signed_chart):
    as_user(client, priya)
    url = reverse("charting:chart", args=[signed_chart.booking.public_id])
    assert client.get(url).status_code == 403

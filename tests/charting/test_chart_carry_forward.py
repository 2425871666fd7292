"""The next session of a series opens with the last signed-off chart's device, areas and
settings, each field saying what it was "last time"; only a signed-off chart of the same
patient's same treatment carries forward."""

from datetime import timedelta

import pytest
from django.urls import reverse

from charting import selectors, services
from tests.factories import FIRST_SESSION, BookingFactory, as_user, chart_details

pytestmark = pytest.mark.django_db


def chart_page(client, user, booking):
    as_user(client, user)
    return client.get(reverse("charting:chart", args=[booking.public_id]))


def test_the_next_session_opens_with_last_times_areas_and_settings(
    client, provider_dana, signed_chart, next_session, areas
):
    response = chart_page(client, provider_dana, next_session)
    form = response.context["form"]
    full_face, neck, chest = areas
    assert form.initial[f"area_{full_face.pk}"] is True
    assert form.initial[f"area_{neck.pk}"] is True
    assert f"area_{chest.pk}" not in form.initial
    assert form.initial[f"setting_{full_face.pk}_coverage"] == "20"
    assert form.initial["skin_type"] == "III"
    assert form.device == signed_chart.device


def test_the_anaesthetic_and_its_minutes_carry_forward_but_not_last_times_skin_response(
    client, provider_dana, first_session, halo_device, areas, next_session
):
    services.chart_save(
        booking=first_session,
        actor=provider_dana,
        details=chart_details(
            halo_device,
            areas[:1],
            anaesthetic="Topical lidocaine 23% / tetracaine 7%",
            anaesthetic_minutes=45,
            erythema=2,
        ),
        sign_off=True,
    )

    initial = chart_page(client, provider_dana, next_session).context["form"].initial

    assert initial["anaesthetic"] == "Topical lidocaine 23% / tetracaine 7%"
    assert initial["anaesthetic_minutes"] == 45
    assert "erythema" not in initial  # how the skin answers is seen anew each time


def test_each_field_says_what_it_was_last_time(client, provider_dana, signed_chart, next_session):
    page = chart_page(client, provider_dana, next_session).content.decode()
    assert "Last time: 20 %" in page
    assert "Last time: 4" in page
    assert "Last time: treated" in page
    assert "Last time: not treated" in page  # the chest
    assert "Opened from the last signed-off chart" in page


def test_changing_one_value_saves_the_new_one_and_keeps_the_old_chart(
    provider_dana, signed_chart, next_session, halo_device, areas
):
    services.chart_save(
        booking=next_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas[:2], coverage="25"),
        sign_off=True,
    )
    assert selectors.chart_values(selectors.chart_of(next_session))[areas[0].pk] == {
        "coverage": "25",
        "passes": "4",
    }
    assert selectors.chart_values(selectors.chart_of(signed_chart.booking))[areas[0].pk] == {
        "coverage": "20",
        "passes": "4",
    }


def test_a_draft_does_not_carry_forward(
    clinic, provider_dana, first_session, next_session, halo_device, areas
):
    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    assert selectors.chart_previous(next_session) is None


def test_another_patients_chart_does_not_carry_forward(
    clinic, provider_dana, signed_chart, halo_device
):
    from tests.factories import PatientFactory

    stranger = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=FIRST_SESSION + timedelta(weeks=4),
        patient=PatientFactory(),
        status="checked_in",
    )
    assert selectors.chart_previous(stranger) is None


def test_the_last_of_several_signed_off_charts_is_the_one_carried(
    clinic, patient, provider_dana, signed_chart, next_session, halo_device, areas
):
    services.chart_save(
        booking=next_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas[:1], coverage="30"),
        sign_off=True,
    )
    third = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=FIRST_SESSION + timedelta(weeks=8),
        patient=patient,
        status="checked_in",
    )
    assert selectors.chart_previous(third).booking == next_session


def test_the_device_linked_to_the_treatment_is_chosen_when_nothing_came_before(
    client, provider_dana, first_session, halo_device
):
    from charting.models import Device

    Device.objects.create(name="Another laser")  # active, not linked to HALO
    assert chart_page(client, provider_dana, first_session).context["device"] == halo_device

"""A signed-off chart never changes: the service refuses, and on PostgreSQL a trigger refuses
an UPDATE of its clinical columns and any change to its areas and settings, whoever asks."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from bookings.access import AccessDenied
from charting import services
from charting.models import Chart, ChartArea, ChartSetting
from tests.factories import BookingFactory, as_user, chart_details, staff_user

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


def test_a_signed_off_chart_cannot_be_saved_again(provider_dana, signed_chart, halo_device, areas):
    with pytest.raises(services.ChartError, match="signed off"):
        services.chart_save(
            booking=signed_chart.booking,
            actor=provider_dana,
            details=chart_details(halo_device, areas, coverage="30"),
        )
    assert ChartSetting.objects.filter(chart_area__chart=signed_chart, value="30").count() == 0


def test_the_chart_page_of_a_signed_off_chart_shows_it_read_only(
    client, provider_dana, signed_chart
):
    as_user(client, provider_dana)
    url = reverse("charting:chart", args=[signed_chart.booking.public_id])
    response = client.get(url)
    assert response.context["form"] is None
    assert "Chart signed off" in response.content.decode()
    # A hand-made POST changes nothing either.
    client.post(url, {"device": signed_chart.device.pk, "skin_type": "VI"})
    assert Chart.objects.get(pk=signed_chart.pk).skin_type == "III"


def test_a_draft_can_be_saved_again_and_then_signed_off(
    provider_dana, first_session, halo_device, areas
):
    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas[:1])
    )
    chart = services.chart_sign_off(booking=first_session, actor=provider_dana)
    assert chart.signed_off_by == provider_dana
    assert list(chart.areas.values_list("area", flat=True)) == [areas[0].pk]


def test_a_manager_may_sign_off_another_providers_chart(
    manager, provider_dana, first_session, halo_device, areas
):
    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    assert services.chart_sign_off(booking=first_session, actor=manager).signed_off_by == manager


def test_one_who_may_write_a_colleagues_chart_may_not_sign_it_off(
    clinic, patient, provider_dana, halo_device, areas
):
    """A provider who also works the front desk sees every booking, so may save a draft on
    Dana's session; the signature is Dana's (or a manager's)."""
    from django.contrib.auth.models import Group

    from tests.factories import FIRST_SESSION

    sam = staff_user("sam", "Provider")
    sam.groups.add(Group.objects.get(name="Front desk"))
    booking = BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=FIRST_SESSION,
        patient=patient,
        status="checked_in",
    )
    services.chart_save(booking=booking, actor=sam, details=chart_details(halo_device, areas))
    with pytest.raises(AccessDenied):
        services.chart_sign_off(booking=booking, actor=sam)
    with pytest.raises(AccessDenied):
        services.chart_save(
            booking=booking, actor=sam, details=chart_details(halo_device, areas), sign_off=True
        )
    assert not Chart.objects.get(booking=booking).is_signed_off
    assert services.chart_sign_off(booking=booking, actor=provider_dana).signed_off_by == (
        provider_dana
    )


@postgres_only
def test_the_database_refuses_to_change_a_signed_off_charts_clinical_columns(signed_chart):
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        Chart.objects.filter(pk=signed_chart.pk).update(skin_type="VI")
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        Chart.objects.filter(pk=signed_chart.pk).update(signed_off_at=None, signed_off_by=None)
    with pytest.raises(DatabaseError, match="signed-off chart"), transaction.atomic():
        Chart.objects.filter(pk=signed_chart.pk).delete()


@postgres_only
def test_the_database_refuses_to_change_a_signed_off_charts_areas_and_settings(signed_chart, areas):
    setting = ChartSetting.objects.filter(chart_area__chart=signed_chart).first()
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        ChartSetting.objects.filter(pk=setting.pk).update(value="59")
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        ChartSetting.objects.filter(pk=setting.pk).delete()
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        ChartArea.objects.create(chart=signed_chart, area=areas[2])
    with pytest.raises(DatabaseError, match="never change"), transaction.atomic():
        ChartArea.objects.filter(chart=signed_chart).update(area=areas[2])


@postgres_only
def test_the_database_lets_a_draft_change(provider_dana, first_session, halo_device, areas):
    chart = services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    Chart.objects.filter(pk=chart.pk).update(skin_type="V")
    ChartSetting.objects.filter(chart_area__chart=chart).update(value="7")
    assert Chart.objects.get(pk=chart.pk).skin_type == "V"

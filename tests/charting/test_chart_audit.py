"""Every look at a chart and every write to one leaves an audit row naming the patient and
the booking; a write's row is written in its transaction."""

import pytest
from django.urls import reverse

from bookings.models import AuditEntry
from charting import services
from tests.factories import as_user, chart_details

pytestmark = pytest.mark.django_db


def rows(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id").values_list("action", "what"))


def test_writing_and_signing_off_and_an_addendum_are_recorded(
    provider_dana, first_session, halo_device, areas
):
    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    services.chart_save(
        booking=first_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas),
        sign_off=True,
    )
    services.addendum_add(booking=first_session, actor=provider_dana, text="Later")
    assert rows(booking=first_session, patient=first_session.patient) == [
        ("create", "chart"),
        ("change", "chart"),
        ("change", "chart signed off"),
        ("create", "chart addendum"),
    ]


def test_a_refused_save_leaves_no_change_row(provider_dana, signed_chart, halo_device, areas):
    before = AuditEntry.objects.count()
    with pytest.raises(services.ChartError):
        services.chart_save(
            booking=signed_chart.booking,
            actor=provider_dana,
            details=chart_details(halo_device, areas),
        )
    assert AuditEntry.objects.count() == before


def test_opening_the_chart_page_and_the_side_by_side_is_recorded(
    client, provider_dana, signed_chart
):
    as_user(client, provider_dana)
    booking = signed_chart.booking
    client.get(reverse("charting:chart", args=[booking.public_id]))
    client.get(reverse("staff:patient", args=[booking.patient.public_id]))
    assert ("view", "chart") in rows(actor=provider_dana, booking=booking)
    assert ("view", "charts side by side") in rows(actor=provider_dana, patient=booking.patient)


def test_looking_at_a_chart_in_the_admin_is_recorded(client, signed_chart, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x-long-pass")
    as_user(client, admin)
    url = reverse("admin:charting_chart_change", args=[signed_chart.pk])
    assert client.get(url).status_code == 200
    assert ("view", "admin: chart") in rows(actor=admin, booking=signed_chart.booking)

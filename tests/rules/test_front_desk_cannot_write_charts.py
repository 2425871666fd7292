"""The front desk never writes a treatment chart: the chart services themselves
(charting/services.py) refuse a front-desk user who saves a draft, signs one off or adds an
addendum, and record the refusal, whichever door the call comes through (a view, the admin,
the shell, a future API). The pages hiding the buttons is not the rule; the service is."""

import pytest

from bookings.access import AccessDenied
from bookings.models import AuditEntry
from charting import services
from charting.models import Chart
from tests.factories import chart_details


def _refusals(user, what: str) -> int:
    return AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.DENIED, what=what).count()


def test_the_chart_service_refuses_a_front_desk_user_saving_a_draft(
    frontdesk, first_session, halo_device, areas
):
    with pytest.raises(AccessDenied):
        services.chart_save(
            booking=first_session, actor=frontdesk, details=chart_details(halo_device, areas)
        )

    assert not Chart.objects.filter(booking=first_session).exists()
    assert _refusals(frontdesk, "write chart") == 1


def test_the_chart_service_refuses_a_front_desk_user_saving_and_signing_off(
    frontdesk, first_session, halo_device, areas
):
    with pytest.raises(AccessDenied):
        services.chart_save(
            booking=first_session,
            actor=frontdesk,
            details=chart_details(halo_device, areas),
            sign_off=True,
        )

    assert not Chart.objects.filter(booking=first_session).exists()


def test_the_chart_service_refuses_a_front_desk_user_changing_a_providers_draft(
    frontdesk, provider_dana, first_session, halo_device, areas
):
    draft = services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas[:1])
    )

    with pytest.raises(AccessDenied):
        services.chart_save(
            booking=first_session,
            actor=frontdesk,
            details=chart_details(halo_device, areas, coverage="60"),
        )

    # Dana's words stand: one area at 20 %, as she wrote them.
    assert [a.area_name for a in draft.areas.all()] == [areas[0].name]
    assert {s.value for a in draft.areas.all() for s in a.settings.all()} == {"20", "4"}


def test_the_chart_service_refuses_a_front_desk_user_signing_off_a_draft(
    frontdesk, provider_dana, first_session, halo_device, areas
):
    draft = services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )

    with pytest.raises(AccessDenied):
        services.chart_sign_off(booking=first_session, actor=frontdesk)

    draft.refresh_from_db()
    assert draft.signed_off_at is None
    assert _refusals(frontdesk, "sign off chart") == 1


def test_the_chart_service_refuses_a_front_desk_user_adding_an_addendum(frontdesk, signed_chart):
    with pytest.raises(AccessDenied):
        services.addendum_add(
            booking=signed_chart.booking, actor=frontdesk, text="Patient called: all well."
        )

    assert not signed_chart.addenda.exists()
    assert _refusals(frontdesk, "chart addendum") == 1

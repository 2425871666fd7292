"""Two tabs signing off the same draft at the same moment: the booking's row lock in
chart_save lets one through; the other waits, then finds the chart signed off and is told so.
The areas are written once (no duplicate rows). PostgreSQL only (SQLite has no row locks),
with real transactions so each thread has its own."""

import threading

import pytest
from django.db import connection, connections

from charting import services
from charting.models import Chart, ChartArea
from tests.factories import chart_details

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def test_two_sign_offs_of_one_draft_at_once_let_one_through(
    provider_dana, first_session, halo_device, areas
):
    services.chart_save(
        booking=first_session, actor=provider_dana, details=chart_details(halo_device, areas)
    )
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def sign_off(coverage: str) -> None:
        try:
            start.wait(timeout=10)
            services.chart_save(
                booking=first_session,
                actor=provider_dana,
                details=chart_details(halo_device, areas[:2], coverage=coverage),
                sign_off=True,
            )
            outcomes.append("signed")
        except Exception as error:  # the test reports whatever the loser met
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_off, args=(c,)) for c in ("20", "30")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("signed") == 1, outcomes
    (refusal,) = [o for o in outcomes if o != "signed"]
    assert isinstance(refusal, services.ChartError) and "signed off" in str(refusal)
    chart = Chart.objects.get(booking=first_session)
    assert chart.is_signed_off
    assert ChartArea.objects.filter(chart=chart).count() == 2

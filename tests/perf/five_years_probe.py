"""Run by bench_five_years.py in a process of its own, on a database seeded by five_years.py
(one month or five years): renders each staff page through Django's test client (no network)
as a manager, counting queries and timing renders; times the slot search; and streams the
year's CSV export under tracemalloc. Prints one JSON line."""

import json
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import AppointmentType, Booking, Provider  # noqa: E402
from bookings.selectors import slots_available  # noqa: E402
from tests.factories import as_user  # noqa: E402

RENDERS = int(os.environ.get("BENCH_RENDERS", "15"))
# A full name as the desk types it, and a run of phone digits.
NAME_QUERY = "maya okafor"
PHONE_QUERY = "200 1234"  # the first patient's number without its area code


def _timed(call: Callable[[], object]) -> dict:
    call()  # warm: templates, connection, caches
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        call()
    query_count = len(queries)  # now: the capture slices the live query log
    timings = []
    for _ in range(RENDERS):
        began = time.perf_counter()
        call()
        timings.append((time.perf_counter() - began) * 1000)
    return {"queries": query_count, "median_ms": statistics.median(timings)}


def _page(client: Client, url: str) -> Callable[[], object]:
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def targets() -> dict[str, str]:
    """The pages to time, picked the same way in both datasets."""
    today = timezone.localdate()
    day = today if today.isoweekday() != 7 else today + timedelta(days=1)
    provider = Provider.objects.order_by("position", "id").first()
    treatment = (
        Booking.objects.filter(status="completed", appointment_type__kind="treatment")
        .order_by("-start")
        .select_related("patient")
        .first()
    )
    oldest = Booking.objects.order_by("start").values_list("start", flat=True).first()
    # Well into the oldest tenth of the log: four and a half years back, or 27 days.
    old_day = timezone.localtime(oldest).date() + (today - timezone.localtime(oldest).date()) / 10
    return {
        "day view": f"/staff/schedule/?date={day.isoformat()}",
        "week view": f"/staff/schedule/provider/{provider.public_id}/?date={day.isoformat()}",
        "patient search (name)": f"/staff/patients/?q={NAME_QUERY.replace(' ', '+')}",
        "patient search (phone)": f"/staff/patients/?q={PHONE_QUERY.replace(' ', '+')}",
        "patient page": f"/staff/patients/{treatment.patient.public_id}/",
        "booking page": f"/staff/bookings/{treatment.public_id}/",
        "audit log, first page": "/staff/audit/",
        "audit log, an old page": f"/staff/audit/?day={old_day.isoformat()}",
        "dashboard": "/staff/dashboard/",
    }


def export_measure(client: Client) -> dict:
    """The year's export, streamed to nowhere: peak Python memory while it runs."""
    today = timezone.localdate()
    url = f"/staff/export/bookings.csv?start={(today - timedelta(days=365)).isoformat()}"
    url += f"&end={today.isoformat()}"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    began = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = rows = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
    response.close()
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows - 1,
        "bytes": size,
        "seconds": seconds,
        "peak_mib": peak / 2**20,
        "rss_growth_mib": (rss_after - rss_before) / 1024,
    }


def main() -> None:
    user = get_user_model().objects.get(username="perf-manager")
    client = Client(SERVER_NAME="127.0.0.1")
    as_user(client, user)
    pages = {label: _timed(_page(client, url)) for label, url in targets().items()}

    halo = AppointmentType.objects.select_related("treatment").get(slug="halo-session")
    today = timezone.localdate()
    pages["slot search (HALO, 14 days)"] = _timed(
        lambda: slots_available(
            appointment_type=halo,
            treatment=halo.treatment,
            start_date=today,
            end_date=today + timedelta(days=13),
        )
    )
    print(json.dumps({"pages": pages, "export": export_measure(client)}))


if __name__ == "__main__":
    main()

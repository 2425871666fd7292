"""Run by bench_crawl.py in a process of its own, on the bench database: the suite's role
crawls (tests/crawl/test_crawl_roles.py), timed. Loads the demo plus a busy day the way the
suite does (tests/crawl/demo.py), crawls as each role from its landing page through Django's
test client, and rolls everything back. Prints one JSON line."""

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from bookings.models import Booking, Patient, Provider  # noqa: E402
from tests.crawl.crawler import Crawler  # noqa: E402
from tests.crawl.demo import ROLES, demo_load, role_client  # noqa: E402
from tests.crawl.test_crawl_roles import LANDING  # noqa: E402

FAILURES_SHOWN = 5


def leftovers() -> dict:
    """What the bench database holds beyond its own load_demo (DEBUG off: content only, no
    patient, booking or login): another probe's rows, say after an interrupted run. Counted,
    not deleted (their protected foreign keys differ), so the report can say the crawl saw
    more than the suite's data."""
    counts = {
        "patients": Patient.objects.count(),
        "bookings": Booking.objects.count(),
        "logins": get_user_model().objects.count(),
        "providers": Provider.objects.filter(display_name__startswith="Bench ").count(),
    }
    return {kind: n for kind, n in counts.items() if n}


def crawl(role: str) -> dict:
    cpu = time.process_time()
    report = Crawler(role_client(role), role=role).run(LANDING[role])
    return {
        "pages": report.pages,
        "seconds": report.seconds,
        # This process's CPU only (PostgreSQL's is not in it): far below `seconds` means the
        # crawl waited, on the database or on a busy machine.
        "cpu_seconds": time.process_time() - cpu,
        "pages_per_second": report.pages / report.seconds if report.seconds else 0.0,
        "failures": len(report.failures),
        "failures_first": report.failures[:FAILURES_SHOWN],
        "statuses": {str(status): n for status, n in sorted(report.statuses.items())},
    }


def main() -> None:
    results: dict = {}
    # One transaction, rolled back: the demo patients, logins and busy day never stay in the
    # bench database (its load_demo ran with DEBUG off, content only).
    with transaction.atomic():
        results["leftovers"] = leftovers()
        demo = demo_load()
        # The busy day is what the suite crawls; a crawl of a quiet day would flatter it.
        results["busy_day"] = {
            "day": demo.day.isoformat(),
            "bookings": Booking.objects.filter(start__date=demo.day).count(),
        }
        results["roles"] = {role: crawl(role) for role in ROLES}
        transaction.set_rollback(True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()

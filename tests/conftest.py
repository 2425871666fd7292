"""Shared fixtures, and a loud stop when PostgreSQL or Redis is not there.

The suite runs against the real services: a missing one is a set-up problem to fix, never a
reason to skip tests quietly.
"""

import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

START_COMMANDS = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": (
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
        "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
    ),
}


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def pytest_configure(config: pytest.Config) -> None:
    database = settings.DATABASES["default"]
    broker = urlparse(settings.CELERY_BROKER_URL)
    needed = {
        "PostgreSQL": (database.get("HOST") or "127.0.0.1", int(database.get("PORT") or 5432)),
        "Redis": (broker.hostname or "127.0.0.1", broker.port or 6379),
    }
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError(
            f"The test suite runs on PostgreSQL; DATABASE_URL points at {database['ENGINE']}."
        )
    missing = [name for name, (host, port) in needed.items() if not _reachable(host, port)]
    if missing:
        lines = [f"Cannot reach {', '.join(missing)}; the test suite needs it running."]
        for name in missing:
            host, port = needed[name]
            lines.append(f"  {name} at {host}:{port}. Start it with:\n    {START_COMMANDS[name]}")
        raise pytest.UsageError("\n".join(lines))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Pages, their content version and the rate-limit counters live in caches; each test
    # starts with them empty.
    from django.core.cache import caches

    from treatments import caching

    def clear():
        for alias in ("default", "pages"):
            caches[alias].clear()
        caching._seen["version"] = 0

    clear()
    yield
    clear()


@pytest.fixture
def demo_clinic(db):
    """The demo clinic, its treatments, providers and appointment types, as `make run` loads
    them."""
    from aftercare.demo import aftercare_demo_load
    from bookings.demo import bookings_demo_load
    from treatments.demo import treatments_demo_load
    from treatments.models import Clinic

    treatments_demo_load()
    bookings_demo_load()
    aftercare_demo_load()
    return Clinic.objects.get()

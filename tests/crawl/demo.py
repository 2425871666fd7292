"""The lived-in demo plus a busy day, and one logged-in client per role, for the crawls, the
fuzz and the crawl's benchmark. Loaded the way `make run` loads it (load_demo under DEBUG), so
the crawl walks the same data a newcomer sees. The `demo` fixture (tests/conftest.py) calls
`demo_load`."""

import atexit
import copy
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from bookings import selectors, services
from bookings.demo_day import demo_day_choose
from bookings.models import AppointmentType, Booking, Provider
from tests.factories import as_user

ROLES = ["anonymous", "no role", "front desk", "provider", "manager"]
# The demo logins (medspa/management/commands/load_demo.py) by role; "no role" is made here.
USERNAMES = {"front desk": "frontdesk", "provider": "dana", "manager": "manager"}
BUSY_DAY_EXTRA = 24


@dataclass
class Demo:
    day: object
    dana: Provider


def busy_day_fill(*, day, desk) -> int:
    """Every provider's free consultation times on the demo day, booked by phone for new
    callers, until the day is full or BUSY_DAY_EXTRA are booked."""
    consultation = AppointmentType.objects.get(slug="free-consultation")
    made = 0
    for provider in Provider.objects.filter(is_active=True):
        treatment = provider.treatments.first()
        slots = selectors.slots_available(
            appointment_type=consultation,
            treatment=treatment,
            start_date=day,
            end_date=day,
            provider=provider,
            online=False,
        ).get(day, [])
        for slot in slots[::3]:
            if made >= BUSY_DAY_EXTRA:
                return made
            details = services.PatientDetails(
                first_name="Caller",
                last_name=f"Number {made + 1}",
                email=f"caller{made + 1}@example.com",
                phone=f"(312) 555-01{made + 50:02d}",
            )
            try:
                services.booking_create(
                    appointment_type=consultation,
                    treatment=treatment,
                    start=slot.start,
                    patient_details=details,
                    provider=provider,
                    source=Booking.Source.PHONE,
                    actor=desk,
                    online=False,
                )
            except services.BookingError:
                continue
            made += 1
    return made


def demo_load() -> Demo:
    """load_demo as under `make run` (DEBUG on, so the demo logins exist), then a busy day."""
    from django.test.utils import override_settings

    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    day = demo_day_choose(today=timezone.localdate())
    desk = get_user_model().objects.get(username="frontdesk")
    busy_day_fill(day=day, desk=desk)
    return Demo(day=day, dana=Provider.objects.get(user__username="dana"))


def role_client(role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user_model = get_user_model()
    if role == "no role":
        user, _ = user_model.objects.get_or_create(username="nobody")
    else:
        user = user_model.objects.get(username=USERNAMES[role])
    as_user(client, user)
    return client


# -- one load per worker, copied back for each module ----------------------------------------


@dataclass
class _Snapshot:
    day: object  # the date it was loaded on: the demo is placed around today
    demo: Demo
    tables: dict[str, bytes]  # every table with rows, as PostgreSQL's COPY wrote it
    files: Path  # the private files (photos) as the load left them


_snapshot: _Snapshot | None = None


def demo_for_a_module() -> Demo:
    """The demo, inside the caller's transaction: loaded the first time in a worker (6-7 s),
    then copied back row for row from what that load wrote (a fraction of a second), so that
    each module that uses it stands on the very rows the first one did. Called again on
    another day, it loads afresh."""
    global _snapshot
    today = timezone.localdate()
    if _snapshot is not None and _snapshot.day == today:
        _tables_write(_snapshot.tables)
        shutil.copytree(_snapshot.files, _private_files(), dirs_exist_ok=True)
        return copy.deepcopy(_snapshot.demo)
    demo = demo_load()
    files = Path(tempfile.mkdtemp(prefix="medspa-demo-files-"))
    atexit.register(shutil.rmtree, files, ignore_errors=True)
    if _private_files().exists():
        shutil.copytree(_private_files(), files, dirs_exist_ok=True)
    _snapshot = _Snapshot(day=today, demo=copy.deepcopy(demo), tables=_tables_read(), files=files)
    return demo


def _private_files() -> Path:
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def _table_names() -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def _tables_read() -> dict[str, bytes]:
    tables = {}
    with connection.cursor() as cursor:
        for table in _table_names():
            name = connection.ops.quote_name(table)
            with cursor.cursor.copy(f"COPY {name} TO STDOUT (FORMAT binary)") as copying:
                tables[table] = b"".join(bytes(block) for block in copying)
    return tables


def _tables_write(tables: dict[str, bytes]) -> None:
    """Every table as it was when `tables` was read. The append-only triggers (the audit log,
    signed charts and forms) and the foreign-key checks are off while the rows are swapped,
    and on again after, for the module's tests."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table, rows in tables.items():
            name = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {name}")
            with cursor.cursor.copy(f"COPY {name} FROM STDIN (FORMAT binary)") as copying:
                copying.write(rows)
        cursor.execute("SET LOCAL session_replication_role = origin")
        # The next row of each table takes the number after the highest copied back.
        for sequence in connection.introspection.sequence_list():
            table = connection.ops.quote_name(sequence["table"])
            column = connection.ops.quote_name(sequence["column"] or "id")
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)",
                [sequence["table"], sequence["column"] or "id"],
            )

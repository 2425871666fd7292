"""The reminder sweep's one UPDATE of a batch runs on the laptop's SQLite as on PostgreSQL: its
PostgreSQL-only `FROM (VALUES ...) AS handed(id, message_id)` made every minute's sweep fail
under `make run` as soon as a reminder was due ('near "(": syntax error')."""

import subprocess
import sys

import pytest
from django.utils import timezone

from aftercare.states import reminders_mark_queued
from tests.sqlite_template import ROOT, sqlite_copy, sqlite_env

SCRIPT = """
import django
django.setup()
from django.utils import timezone
from aftercare.states import reminders_mark_queued
reminders_mark_queued([(10**9, 10**9), (10**9 + 1, 10**9 + 1)], now=timezone.now())
print("ran")
"""


@pytest.mark.django_db
def test_the_batch_update_runs_on_postgresql():
    reminders_mark_queued([(10**9, 10**9)], now=timezone.now())  # no such reminder: nothing changes


@pytest.mark.xdist_group("alone")  # a process of its own, as the other SQLite tests
def test_the_batch_update_runs_on_sqlite(tmp_path, sqlite_migrated):
    database = sqlite_copy(sqlite_migrated, tmp_path / "sweep.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=sqlite_env(database, tmp_path / "var"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ran", result.stderr[-3000:]

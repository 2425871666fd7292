"""The embedded default (SQLite) has no exclusion constraints; its write transactions take
the lock up front (BEGIN IMMEDIATE), so a check-then-insert cannot interleave."""

import subprocess
import sys

import pytest

from tests.sqlite_template import ROOT, sqlite_copy, sqlite_env

# A fixture, found by pytest under this name (`as` marks the import as meant, for ruff).

# One worker runs the processes-of-their-own tests one after another (see
# tests/aftercare/test_reminders_real_worker.py).
pytestmark = pytest.mark.xdist_group("alone")


def test_racers_on_sqlite_get_exactly_one_booking(tmp_path, sqlite_migrated):
    database = sqlite_copy(sqlite_migrated, tmp_path / "race.sqlite3")
    env = sqlite_env(database, tmp_path / "var")
    result = subprocess.run(
        [sys.executable, "-m", "tests.bookings.sqlite_race", "12"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "booked=1 taken=11 rows=1" in result.stdout, result.stdout + result.stderr[-3000:]

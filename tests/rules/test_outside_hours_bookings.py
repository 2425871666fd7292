"""A manager may book outside working hours, never into time off or onto the shared device
while another provider holds it: on PostgreSQL and on the laptop's SQLite alike."""

import subprocess
import sys

import pytest

from tests.rules.outside_hours_scenario import ATTEMPTS, outside_hours_outcomes
from tests.sqlite_template import ROOT, sqlite_copy, sqlite_env

# A fixture, found by pytest under this name (`as` marks the import as meant, for ruff).

EXPECTED = ["refused", "refused", "booked"]


def test_the_attempts_are_the_ones_this_module_expects():
    assert [what for what, _, _ in ATTEMPTS] == [
        "into Dana's time off",
        "onto the device while Priya holds it",
        "after the device is free again",
    ]


@pytest.mark.django_db
def test_outside_hours_bookings_respect_time_off_and_the_device_on_postgresql():
    assert outside_hours_outcomes() == EXPECTED


# One worker runs the processes-of-their-own tests one after another (see
# tests/aftercare/test_reminders_real_worker.py).
@pytest.mark.xdist_group("alone")
def test_outside_hours_bookings_respect_time_off_and_the_device_on_sqlite(
    tmp_path, sqlite_migrated
):
    database = sqlite_copy(sqlite_migrated, tmp_path / "outside.sqlite3")
    env = sqlite_env(database, tmp_path / "var")
    result = subprocess.run(
        [sys.executable, "-m", "tests.rules.outside_hours_scenario"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == EXPECTED, result.stdout + result.stderr[-3000:]

"""A manager may book outside working hours, never into time off or onto the shared device
while another provider holds it: on PostgreSQL and on the laptop's SQLite alike."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.rules.outside_hours_scenario import ATTEMPTS, outside_hours_outcomes

ROOT = Path(__file__).resolve().parents[2]
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
def test_outside_hours_bookings_respect_time_off_and_the_device_on_sqlite(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'outside.sqlite3'}",
        "MEDSPA_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "medspa.settings",
    }
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

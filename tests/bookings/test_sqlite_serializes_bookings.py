"""The embedded default (SQLite) has no exclusion constraints; its write transactions take
the lock up front (BEGIN IMMEDIATE), so a check-then-insert cannot interleave."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# One worker runs the processes-of-their-own tests one after another (see
# tests/aftercare/test_reminders_real_worker.py).
pytestmark = pytest.mark.xdist_group("alone")


def test_racers_on_sqlite_get_exactly_one_booking(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "MEDSPA_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "medspa.settings",
    }
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

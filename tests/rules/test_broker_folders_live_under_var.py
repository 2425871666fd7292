"""The laptop's filesystem broker keeps every folder it writes under var/ (MEDSPA_VAR_DIR),
never in whatever directory the worker or the web process was started from."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PUBLISH = """
import django
django.setup()
from django.conf import settings
from medspa.celery import app
print(settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("control_folder"))
app.send_task("aftercare.tasks.reminders_sweep")
"""


def _publish_once(*, cwd: Path, var_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="medspa.settings",
        CELERY_BROKER_URL="filesystem://",
        DATABASE_URL=f"sqlite:///{var_dir.parent / 'db.sqlite3'}",
        MEDSPA_VAR_DIR=str(var_dir),
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-c", PUBLISH],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_filesystem_brokers_control_folder_is_under_var(tmp_path):
    started_from = tmp_path / "elsewhere"
    started_from.mkdir()
    var_dir = tmp_path / "var"

    result = _publish_once(cwd=started_from, var_dir=var_dir)

    assert result.returncode == 0, result.stderr[-3000:]
    assert list(started_from.iterdir()) == []  # no control/ where the process started
    control = var_dir / "broker" / "control"
    assert sorted(p.name for p in control.iterdir()) == ["celery.exchange"]
    assert result.stdout.strip() == str(control)


def test_no_control_folder_is_kept_at_the_repository_root():
    assert not (ROOT / "control").exists()

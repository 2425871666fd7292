"""A SQLite file with every migration applied, for the tests that run the laptop's default
(SQLite, medspa.settings) in a process of their own.

Migrating a new SQLite file takes 5-6 s, and each of those tests used to do it in its own
process. Here it is done once per pytest worker, by `manage.py migrate` in a fresh process as
`make run` does it, and each test works on a copy of the file in its own tmp_path (its own
`migrate` then finds nothing to do). The fixture is `sqlite_migrated` (tests/conftest.py).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sqlite_env(database: Path, var: Path) -> dict[str, str]:
    """The environment of a process on the laptop's settings with its database in `database`
    and its files under `var`: none of the test settings' DJANGO_ and CELERY_ variables."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDSPA_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "medspa.settings",
    }


def sqlite_template_make(basetemp: Path) -> Path:
    """The migrated SQLite file of this worker, made under `basetemp` if it is not there yet;
    copy it, never write to it."""
    folder = basetemp / "sqlite-migrated"
    template = folder / "migrated.sqlite3"
    if not template.exists():
        folder.mkdir(exist_ok=True)
        partial = folder / "migrating.sqlite3"
        partial.unlink(missing_ok=True)
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=sqlite_env(partial, folder / "var"),
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        partial.rename(template)  # only a complete migration becomes the template
    return template


def sqlite_copy(template: Path, database: Path) -> Path:
    # The template is in SQLite's default rollback-journal mode and closed, so it is one file.
    shutil.copyfile(template, database)
    return database

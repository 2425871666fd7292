"""A built wheel holds every app the site runs: each app in settings.INSTALLED_APPS that lives
in this repository, with all its modules (apps.py, migrations, template tags, management
commands) and any templates or static files kept inside the package. pyproject.toml's
[tool.setuptools.packages.find] include list is what decides, and an app left out of it
installs without complaint and fails only when the site starts ("No module named ...") or,
worse, migrates without the app's tables.

The wheel is built by pip as a deployment would, offline (--no-index, no build isolation: the
virtualenv's setuptools, from the dev extras), from a copy of the tree in tmp_path, because
setuptools writes build/ and *.egg-info beside the sources it builds."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# What a checkout has that is no part of the sources (or is rebuilt by the build itself).
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "var",
    "__pycache__",
    "*.egg-info",
    "build",
    "dist",
    "*.sqlite3",
    ".pytest_cache",
    ".ruff_cache",
)
# Files other than modules that an app keeps inside its package for Django to find.
DATA_FOLDERS = ("templates", "static")


def local_apps() -> dict[str, Path]:
    """The installed apps whose top-level package is a folder of this repository (not one of
    the virtualenv's, which also lives under the repository's root): package -> its folder,
    relative to the root."""
    found = {}
    for config in apps.get_app_configs():
        top = config.name.split(".")[0]
        folder = ROOT / top
        if folder.is_dir() and Path(config.path).resolve().is_relative_to(folder):
            found[config.name] = Path(config.path).resolve().relative_to(ROOT)
    return found


def files_an_app_ships(tree: Path, folder: Path) -> set[str]:
    """Every module of the app's package, and every file of its templates and static
    folders, as paths inside the wheel."""
    package = tree / folder
    shipped = set()
    for path in package.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        inside = path.relative_to(package).parts
        if path.suffix == ".py" or inside[0] in DATA_FOLDERS:
            shipped.add(path.relative_to(tree).as_posix())
    return shipped


def wheel_build(tree: Path, out: Path) -> Path:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(tree),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    (wheel,) = out.glob("medspa-*.whl")
    return wheel


def test_the_apps_found_are_the_local_installed_apps():
    # The expectation below comes from settings; this says it found the apps it should (a
    # change in how apps are found must not leave the wheel test checking nothing).
    found = {name.split(".")[0] for name in local_apps()}
    here = {
        entry.split(".")[0]
        for entry in settings.INSTALLED_APPS
        if (ROOT / entry.split(".")[0] / "__init__.py").is_file()
    }
    assert found == here
    assert {"medspa", "bookings"} <= found


def test_a_built_wheel_holds_every_local_installed_app(tmp_path):
    tree = tmp_path / "source"
    shutil.copytree(ROOT, tree, ignore=NOT_SOURCES)

    wheel = wheel_build(tree, tmp_path / "wheels")

    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    missing = {}
    for name, folder in local_apps().items():
        expected = files_an_app_ships(tree, folder)
        assert expected, f"{name}: nothing found in {folder} to look for in the wheel"
        if absent := sorted(expected - in_wheel):
            missing[name] = absent[:5] + (["..."] if len(absent) > 5 else [])
    assert missing == {}, (
        f"{sorted(missing)} missing from the wheel, in whole or in part: pyproject.toml's "
        "[tool.setuptools.packages.find] include (or package-data, for templates) leaves them out"
    )

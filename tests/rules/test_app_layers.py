"""The apps depend one way: each may import the apps below it, never one above it
(ARCHITECTURE.md). A lower app that needs something from a higher one asks a registry the
higher app fills from its AppConfig.ready (bookings/staff/panels.py, treatments/sections.py).
This test reads every module's imports, so a new upward import fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Top to bottom: an app may import only the apps after it. The project package, medspa, is on
# top: it wires the apps together (settings, URLs, Celery) and no app imports it (what apps
# shared from it, the site's address, lives in practice/site.py).
LAYERS = [
    "medspa",
    "aftercare",
    "photos",
    "charting",
    "consent",
    "outbox",
    "bookings",
    "treatments",
    "practice",
]


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                found.add((top, node.lineno))
    return found


def upward_imports(root: Path = ROOT) -> list[str]:
    wrong = []
    for rank, app in enumerate(LAYERS):
        if app == "medspa":
            continue  # the project may import every app
        above = set(LAYERS[:rank])
        for path in sorted((root / app).rglob("*.py")):
            for imported, line in sorted(_imported_apps(path)):
                if imported in above:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return wrong


def test_no_app_imports_an_app_above_it():
    assert upward_imports() == []


def test_the_rule_sees_an_upward_import(tmp_path):
    # Guards the guard: a treatments module importing bookings is reported, a bookings
    # module importing treatments is not.
    for app in LAYERS:
        (tmp_path / app).mkdir()
    (tmp_path / "treatments" / "bad.py").write_text("from bookings.models import Booking\n")
    (tmp_path / "bookings" / "fine.py").write_text("import treatments.models\n")
    (tmp_path / "outbox" / "project.py").write_text("from medspa.settings import DEBUG\n")
    assert upward_imports(tmp_path) == [
        "outbox/project.py:1 imports medspa",
        "treatments/bad.py:1 imports bookings",
    ]


# An app's pages are its own: what several apps' pages share (the broken-link and too-many-
# writes pages, the error summary, the time zone's name) lives in practice, and the day picker
# in bookings/day_picker.py. Admin and demo modules are still imported across apps (issue 22).
PAGE_MODULES = {"views", "staff_views", "forms"}


def imports_of_other_apps_pages(root: Path = ROOT) -> list[str]:
    wrong = []
    for app in LAYERS[1:]:
        for path in sorted((root / app).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                modules = []
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                for name in modules:
                    parts = name.split(".")
                    # The base layer's shared form helpers are there to be shared.
                    other_app = parts[0] in LAYERS and parts[0] not in (app, "practice")
                    if other_app and len(parts) > 1 and parts[1] in PAGE_MODULES:
                        wrong.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    return sorted(set(wrong))


def test_no_app_imports_another_apps_views_or_forms():
    assert imports_of_other_apps_pages() == []


def test_the_rule_sees_an_import_of_another_apps_views(tmp_path):
    for app in LAYERS:
        (tmp_path / app).mkdir()
    (tmp_path / "aftercare" / "bad.py").write_text("from bookings.views import link_invalid\n")
    (tmp_path / "consent" / "bad.py").write_text("from bookings import forms\n")
    (tmp_path / "bookings" / "fine.py").write_text("from bookings.views import link_invalid\n")
    assert imports_of_other_apps_pages(tmp_path) == [
        "aftercare/bad.py:1 imports bookings.views",
        "aftercare/bad.py:1 imports bookings.views.link_invalid",
        "consent/bad.py:1 imports bookings.forms",
    ]

"""Pages load only the Bootstrap the site uses: static/vendor/bootstrap/bootstrap.purged.css is
what PurgeCSS (purgecss.config.js) makes of bootstrap.min.css for the templates, forms and
scripts as they are now. A template that starts using a Bootstrap class the file lacks fails
here until `make css` is run again (then `make screens` shows the pages it touched)."""

import os
import shutil
import subprocess
from pathlib import Path

import crispy_bootstrap5
import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "static" / "vendor" / "bootstrap"
PURGED = BOOTSTRAP / "bootstrap.purged.css"
NODE_MODULES = ROOT / "tests" / "browser" / "node_modules"


def purge_into(target: Path) -> None:
    """The purge `make css` runs, written to `target`."""
    if shutil.which("node") is None or shutil.which("npx") is None:
        pytest.skip("Node.js is not installed: cannot re-run PurgeCSS (install nodejs and npm)")
    if not (NODE_MODULES / "purgecss").is_dir():
        pytest.fail("PurgeCSS is not installed: run `npm ci --prefix tests/browser`")
    done = subprocess.run(
        [
            "npx",
            "--prefix",
            str(NODE_MODULES.parent),
            "--no",  # never fetch it from the registry
            "--",
            "purgecss",
            "--config",
            "purgecss.config.js",
            "--output",
            str(target),
        ],
        cwd=ROOT,
        # The crispy and Django form templates of the Python running this test.
        env={
            **os.environ,
            "PURGECSS_SITE_PACKAGES": str(Path(crispy_bootstrap5.__file__).parents[1]),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and target.exists(), f"purgecss failed:\n{done.stdout}{done.stderr}"


def test_the_purged_bootstrap_is_what_purgecss_makes_of_the_templates_today(tmp_path):
    fresh = tmp_path / "bootstrap.purged.css"
    purge_into(fresh)
    assert fresh.read_text() == PURGED.read_text(), (
        "static/vendor/bootstrap/bootstrap.purged.css is out of date with the templates: run "
        "`make css` and commit the file (and look at `make screens`). If a class is built at "
        "run time, add it to the safelist in purgecss.config.js."
    )


def test_the_purged_bootstrap_keeps_its_licence_and_drops_the_full_files_source_map():
    text = PURGED.read_text()
    head = text[:300]
    assert "Bootstrap" in head
    assert "Licensed under MIT" in head
    assert "sourceMappingURL" not in text
    assert (BOOTSTRAP / "LICENSE").exists()


def test_every_page_links_the_purged_bootstrap_not_the_full_one():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "vendor/bootstrap/bootstrap.purged.css" in base
    assert "bootstrap.min.css" not in base

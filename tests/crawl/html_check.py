"""The Nu HTML Checker (vnu, the W3C's validator, from the npm registry; Java 17 runs it) over
pages the crawls collected: one run of the checker for every page of a crawl."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

VNU = Path(__file__).parent.parent / "browser" / "node_modules" / "vnu-jar" / "build" / "dist"


def html_errors(pages: dict[str, tuple[str, str]]) -> list[str]:
    """'url: line: message' for every error the checker finds in the pages."""
    jar = VNU / "vnu.jar"
    if not jar.exists():
        raise pytest.UsageError("vnu.jar is missing: run `make test` (it runs npm ci).")
    if shutil.which("java") is None:
        raise pytest.UsageError("The HTML checker needs Java 17: apt-get install openjdk-17-jre")
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, (url, html)) in enumerate(sorted(pages.items())):
            path = Path(folder) / f"{index:03d}.html"
            path.write_text(html)
            files[str(path)] = f"{url} ({name})"
        result = subprocess.run(
            # Plain paths: given file: URIs, the checker reads nothing and reports nothing.
            ["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if result.returncode not in (0, 1) or not result.stderr.startswith("{"):
        raise AssertionError(f"the HTML checker failed: {result.stderr[:500]}")
    messages = json.loads(result.stderr)["messages"]
    if result.returncode == 1 and not messages:
        raise AssertionError("the HTML checker found errors it did not report")
    errors = []
    for message in messages:
        where = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        errors.append(f"{where}: line {message.get('lastLine')}: {message['message']}")
    return errors

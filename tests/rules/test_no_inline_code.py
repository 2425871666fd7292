"""The Content-Security-Policy allows no inline script or style, so no template may carry
one: every page is built from files under static/. Emails are not pages (mail programs need
their styles inline) and stay out of this."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from bookings.staff.grid_css import grid_css

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE = [
    (re.compile(r"\sstyle=\""), 'a style="" attribute'),
    (re.compile(r"<style[\s>]"), "a <style> element"),
    (
        re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(ld\+)?json\")"),
        "an inline <script>",
    ),
    (re.compile(r"\son[a-z]+=\""), "an event handler attribute"),
]


def page_templates() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*.html") if "email" not in path.parts)


@pytest.mark.parametrize(
    "template", page_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_page_template_carries_inline_code(template):
    text = template.read_text()
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert found == [], f"{template.relative_to(TEMPLATES)} has {', '.join(found)}"


def test_the_grid_stylesheet_is_the_one_its_generator_writes():
    written = (Path(settings.BASE_DIR) / "static" / "css" / "grid.css").read_text()
    assert written == grid_css(), "rewrite it: see bookings/staff/grid_css.py"


@pytest.mark.django_db
def test_every_page_gets_the_policy_and_pages_are_compressed(client, clinic):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_only_the_admin_may_use_inline_styles_and_never_inline_scripts(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"

"""Every HTML email extends the one layout (templates/email/base.html), and no email template
sets a text colour without its background: a mail program in dark mode that inverts one and
not the other would leave dark text on a dark ground. Read from the templates' source, so a
branch no other test renders is held to it too."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.email_html import colours_without_background

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LAYOUT = TEMPLATES / "email" / "base.html"


def email_templates() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*.html") if "email" in path.parts)


def whole_emails() -> list[Path]:
    """The emails themselves: not the layout, not its partials (named with a "_")."""
    return [path for path in email_templates() if path != LAYOUT and path.name[0] != "_"]


def test_there_are_emails_to_check():
    names = {str(path.relative_to(TEMPLATES)) for path in whole_emails()}
    assert {"bookings/email/booking.html", "aftercare/email/reminder.html"} <= names


@pytest.mark.parametrize("template", whole_emails(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_html_email_extends_the_one_layout(template):
    assert template.read_text().startswith('{% extends "email/base.html" %}')


def test_the_layout_keeps_a_block_for_a_logo_image_and_the_meta_of_a_mail_layout():
    layout = LAYOUT.read_text()
    assert "{% block email_logo %}" in layout
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in layout
    assert '<meta name="color-scheme" content="light dark">' in layout
    assert '<meta name="supported-color-schemes" content="light dark">' in layout


@pytest.mark.parametrize("template", email_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_email_template_sets_a_text_colour_without_its_background(template):
    assert colours_without_background(template.read_text()) == []

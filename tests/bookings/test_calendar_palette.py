"""The staff stylesheet keeps its promises: a tint for every service the grid can name, each
readable (WCAG AA) under the block's text, normal and faint; the staff menu open from tablet
width; a print stylesheet for the day sheet."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from bookings.selectors.schedule import SERVICE_TINTS

STATIC = Path(settings.BASE_DIR) / "static"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
STAFF_CSS = (STATIC / "css" / "staff.css").read_text()
INK, FAINT_INK = "#1f2a30", "#3f4a52"  # a block's text, and a cancelled block's


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _tint(n: int) -> str:
    match = re.search(rf"\.service-{n} \{{ background-color: (#[0-9a-f]{{6}});", STAFF_CSS)
    assert match, f".service-{n} has no background-color in staff.css"
    return match.group(1)


@pytest.mark.parametrize("n", range(SERVICE_TINTS))
def test_every_service_tint_is_readable_under_the_blocks_text(n):
    assert contrast(INK, _tint(n)) >= 4.5
    assert contrast(FAINT_INK, _tint(n)) >= 4.5


def test_the_tints_are_all_different():
    assert len({_tint(n) for n in range(SERVICE_TINTS)}) == SERVICE_TINTS


def test_the_staff_pages_load_the_staff_stylesheet_and_keep_their_menu_open_on_a_tablet():
    base = (TEMPLATES / "staff" / "base.html").read_text()
    assert "{% static 'css/staff.css' %}" in base
    # Bootstrap's md breakpoint is 768px: an 820px tablet shows the menu, no hamburger.
    assert "navbar-expand-md staff-nav" in base


def test_printing_hides_the_menu_and_the_buttons():
    print_rules = STAFF_CSS[STAFF_CSS.index("@media print") :]
    assert ".staff-nav" in print_rules and ".btn" in print_rules

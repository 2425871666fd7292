"""The clinic's built-in artwork: shown wherever the clinic has not uploaded a picture yet, so
no page ever has an empty frame or a broken image.

Drawn here as SVG from the treatment's name, in the clinic's colours: three motifs that echo
what the lasers do (a field of fine dots for fractional treatments, soft bands of light for
toning, layers of skin for resurfacing). Decorative, so hidden from screen readers.
"""

import hashlib
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

TEAL = "#0b5560"
TEAL_DARK = "#083f47"
TEAL_SOFT = "#5e9ea6"
SAND = "#f6f1ea"
SAND_DEEP = "#ebe1d3"
GOLD = "#c8962e"

WIDTH, HEIGHT = 800, 500


def _seed(key: str) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


def _dots(seed: int) -> str:
    # A fractional laser treats a fraction of the skin in microscopic columns: a dot field.
    shapes = []
    step = 36
    for row in range(HEIGHT // step + 1):
        for column in range(WIDTH // step + 1):
            x, y = column * step + (row % 2) * step // 2, row * step + 18
            distance = ((x - 560) ** 2 + (y - 230) ** 2) ** 0.5
            radius = max(1.5, 9 - distance / 48)
            if (row * 31 + column * 17 + seed) % 5 == 0:
                continue
            opacity = max(0.18, min(0.95, 1.1 - distance / 420))
            shapes.append(
                f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{SAND}" '
                f'fill-opacity="{opacity:.2f}"/>'
            )
    return (
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{TEAL}"/>'
        + "".join(shapes)
        + f'<circle cx="560" cy="230" r="120" fill="none" stroke="{GOLD}" stroke-width="6"/>'
    )


def _bands(seed: int) -> str:
    # Laser toning: gentle pulses of light across the skin, drawn as soft waves.
    waves = []
    for index in range(7):
        y = 120 + index * 48
        lift = 40 + (seed >> index) % 30
        colour = (TEAL, TEAL_SOFT, SAND_DEEP)[index % 3]
        waves.append(
            f'<path d="M0 {y} C 200 {y - lift}, 420 {y + lift}, {WIDTH} {y - 10} '
            f'L {WIDTH} {HEIGHT} L 0 {HEIGHT} Z" fill="{colour}" fill-opacity="0.55"/>'
        )
    return (
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{SAND}"/>'
        + f'<circle cx="620" cy="110" r="70" fill="{GOLD}" fill-opacity="0.85"/>'
        + "".join(waves)
    )


def _layers(seed: int) -> str:
    # Resurfacing: the skin's layers, renewed from the top down.
    bands = []
    colours = (SAND, SAND_DEEP, "#d9c7ae", TEAL_SOFT, TEAL, TEAL_DARK)
    for index, colour in enumerate(colours):
        y = 60 + index * 78
        wobble = 14 + (seed >> (index * 3)) % 20
        bands.append(
            f'<path d="M0 {y} Q 200 {y - wobble} 400 {y} T {WIDTH} {y} '
            f'L {WIDTH} {HEIGHT} L 0 {HEIGHT} Z" fill="{colour}"/>'
        )
    beams = "".join(
        f'<rect x="{x}" y="0" width="6" height="{150 + (seed >> x % 7) % 90}" rx="3" '
        f'fill="{GOLD}" fill-opacity="0.8"/>'
        for x in range(470, 700, 38)
    )
    return f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{SAND}"/>' + "".join(bands) + beams


MOTIFS = {"dots": _dots, "waves": _bands, "layers": _layers}
MOTIF_CHOICES = [
    ("dots", "A field of fine dots (fractional lasers)"),
    ("waves", "Soft waves of light (toning)"),
    ("layers", "Layers of skin (resurfacing)"),
]


@lru_cache(maxsize=64)
def treatment_artwork(key: str, motif: str) -> SafeString:
    """An SVG for a treatment without a picture: `motif` is the clinic's choice of drawing,
    `key` varies its details so two treatments with one motif still differ."""
    drawing = MOTIFS.get(motif, _dots)(_seed(key))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false">{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        mark_safe(drawing),  # built above from numbers and constants only
    )


def brand_mark() -> SafeString:
    """The clinic's mark until it uploads a logo: the favicon's ring and dot."""
    return mark_safe(  # a constant
        '<svg class="brand-mark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" '
        'aria-hidden="true" focusable="false">'
        f'<rect width="64" height="64" rx="14" fill="{TEAL}"/>'
        f'<circle cx="32" cy="32" r="17" fill="none" stroke="{SAND}" stroke-width="4"/>'
        '<circle cx="32" cy="32" r="6" fill="#e0a100"/></svg>'
    )

"""Draws the site's raster pictures into static/img/: the 180 px touch icon and the
1200x630 card that links to the site show when shared. Made here, from the clinic's colours
and mark, so no picture on the site is copied from anywhere. Run it after changing the mark;
the results are committed."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

TEAL = (11, 85, 96)
TEAL_DARK = (8, 63, 71)
SAND = (246, 241, 234)
GOLD = (200, 150, 46)
FOCUS_GOLD = (224, 161, 0)


def _mark(draw: ImageDraw.ImageDraw, centre: tuple[int, int], size: int) -> None:
    """The ring and dot of the favicon, `size` pixels across."""
    x, y = centre
    ring = size * 17 // 64
    width = max(2, size * 4 // 64)
    draw.ellipse((x - ring, y - ring, x + ring, y + ring), outline=SAND, width=width)
    dot = size * 6 // 64
    draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=FOCUS_GOLD)


def touch_icon() -> Image.Image:
    image = Image.new("RGB", (180, 180), TEAL)
    _mark(ImageDraw.Draw(image), (90, 90), 180)
    return image


def share_card() -> Image.Image:
    width, height = 1200, 630
    image = Image.new("RGB", (width, height), TEAL)
    draw = ImageDraw.Draw(image)
    # The fractional dot field of the built-in artwork, brightest around the mark.
    centre = (820, 315)
    step = 42
    for row in range(height // step + 2):
        for column in range(width // step + 2):
            x, y = column * step + (row % 2) * step // 2, row * step
            distance = ((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5
            radius = max(2.0, 11 - distance / 55)
            shade = max(0.15, min(0.9, 1.05 - distance / 520))
            colour = tuple(round(t + (s - t) * shade) for t, s in zip(TEAL, SAND, strict=True))
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    draw.ellipse(
        (centre[0] - 190, centre[1] - 190, centre[0] + 190, centre[1] + 190), outline=GOLD, width=10
    )
    draw.rounded_rectangle((120, 215, 320, 415), radius=44, fill=TEAL_DARK)
    _mark(draw, (220, 315), 200)
    return image


class Command(BaseCommand):
    help = "Draw the touch icon and the share card into static/img/."

    def handle(self, *args, **options) -> None:
        folder = Path(settings.BASE_DIR) / "static" / "img"
        touch_icon().save(folder / "touch-icon.png", optimize=True)
        share_card().save(folder / "og-card.png", optimize=True)
        self.stdout.write("Wrote static/img/touch-icon.png and static/img/og-card.png")

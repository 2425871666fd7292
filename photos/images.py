"""Turning what the tablet's camera sends into a clinical photo fit to keep, and making the
smaller copies the pages show.

Checking and cleaning are the one image module's (practice/images.py): a real image of a sane
size, upright, re-encoded as a plain JPEG, which drops every piece of metadata (the phone's GPS
position among them). A clinical photo keeps more of its resolution than a patient's concern
photo (PHOTO_ORIGINAL_LONGEST_SIDE): skin texture is what the comparison is about."""

import io
import math
from dataclasses import dataclass

from django.conf import settings
from PIL import Image

from practice.images import CLINICAL_PHOTO, image_clean

THUMBNAIL_SIDE = 320
SCREEN_SIDE = 1600


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: JPEG bytes with nothing but pixels in them."""

    data: bytes
    width: int
    height: int


def _jpeg(image: Image.Image, *, quality: int) -> bytes:
    kept = io.BytesIO()
    # No exif= and no icc_profile=: the saved file carries pixels and nothing else.
    image.save(kept, "JPEG", quality=quality, optimize=True)
    return kept.getvalue()


def photo_clean(upload) -> CleanPhoto:
    """The JPEG to keep, or a ValidationError with words the provider understands."""
    clean = image_clean(
        upload,
        max_mb=settings.PHOTO_MAX_MB,
        words=CLINICAL_PHOTO,
        longest_side=settings.PHOTO_ORIGINAL_LONGEST_SIDE,
        quality=90,
    )
    return CleanPhoto(clean.data, clean.width, clean.height)


def renditions_make(original: bytes) -> tuple[bytes, bytes]:
    """(thumbnail, screen-size copy) of a cleaned original."""
    with Image.open(io.BytesIO(original)) as image:
        # JPEG draft mode: decode at the smallest power-of-two scale still at least screen
        # size, a few times faster than decoding every pixel of a 12 MP photo.
        scale = min(1.0, SCREEN_SIDE / max(image.size))
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        image.load()
        screen = image.copy()
        screen.thumbnail((SCREEN_SIDE, SCREEN_SIDE))
        # reducing_gap: decode-time shrinking, a few times faster for a small thumbnail.
        thumb = image.copy()
        thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), reducing_gap=2.0)
        return _jpeg(thumb, quality=80), _jpeg(screen, quality=85)

"""Turning what the tablet's camera sends into a clinical photo fit to keep, and making the
smaller copies the pages show.

The same approach as the photos patients send with a concern (aftercare/photos.py): a real
image of a sane size, turned the right way up, re-encoded as a plain JPEG, which drops every
piece of metadata (the phone's GPS position among them). A clinical photo keeps more of its
resolution (PHOTO_ORIGINAL_LONGEST_SIDE): skin texture is what the comparison is about.

Phones send JPEG, PNG, WebP or HEIC (iPhones); pillow-heif lets Pillow read HEIC."""

import io
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
THUMBNAIL_SIDE = 320
SCREEN_SIDE = 1600
UNREADABLE = "We couldn't read that file as a photo; please choose a JPEG, PNG, WebP or HEIC."


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
    limit_mb = settings.PHOTO_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(f"That photo is too large; please choose one under {limit_mb} MB.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(UNREADABLE)
            # Refused from the header, before a single pixel is decoded: a decompression
            # bomb is a small file that opens into billions of pixels.
            if image.width * image.height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    "That photo has too many pixels; please choose a smaller one."
                )
            image.load()
            image = ImageOps.exif_transpose(image).convert("RGB")
            longest = settings.PHOTO_ORIGINAL_LONGEST_SIDE
            image.thumbnail((longest, longest))
            return CleanPhoto(_jpeg(image, quality=90), image.width, image.height)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(UNREADABLE) from error


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

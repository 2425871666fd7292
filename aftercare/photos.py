"""A photo a patient sends with a concern, made safe to keep: checked to be a real image of a
sane size, turned the right way up, shrunk to a size a screen needs, and re-encoded as a
plain JPEG, which drops every piece of metadata (the phone's GPS location among them).

Phones send JPEG, PNG, WebP or HEIC (iPhones); pillow-heif lets Pillow read HEIC."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
LONGEST_SIDE = 2048
# A decompression bomb (a tiny file that opens into billions of pixels) is refused.
Image.MAX_IMAGE_PIXELS = 60_000_000


def photo_clean(upload) -> bytes:
    """The JPEG to keep, or a ValidationError with words a patient understands."""
    limit = settings.CONCERN_PHOTO_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            f"That photo is too large; please send one under {settings.CONCERN_PHOTO_MAX_MB} MB."
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError("Please send a photo (JPEG, PNG, WebP or HEIC).")
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            kept = io.BytesIO()
            # No exif= and no icc_profile=: the saved file carries pixels and nothing else.
            image.save(kept, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "We couldn't read that file as a photo; please try another."
        ) from error
    return kept.getvalue()

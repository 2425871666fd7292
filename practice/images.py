"""Every picture that comes into the app passes here, whoever sends it: a patient's photo with
a concern, a provider's clinical photo, the clinic's logo and treatment and provider pictures.

One check, one limit, one way of cleaning:
- **checked** for its size in bytes, a format we read (JPEG, PNG, WebP, HEIC) and its pixel
  count, read from the file's header and refused *before a single pixel is decoded*: a
  decompression bomb is a small file (12 KB) that opens into a hundred million pixels and
  gigabytes of memory. The limit is IMAGE_MAX_PIXELS. Pillow's own `Image.MAX_IMAGE_PIXELS`
  is left alone: it only raises at twice its value, and it is one setting for the whole
  process, so changing it for one kind of upload changes it for every other.
- **cleaned**: turned upright by its EXIF orientation, shrunk to the longest side its use
  needs, and re-encoded from its pixels alone, so no EXIF (a phone's GPS position, its maker,
  the time), no XMP and no colour profile is kept or served. Transparency is kept as PNG where
  the caller asks (a logo); everything else is a JPEG.

Phones send JPEG, PNG, WebP or HEIC (iPhones); pillow-heif lets Pillow read HEIC.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError, WebPImagePlugin
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "MPO")
# The parsers that may read an upload: MPO (a phone's JPEG with a second frame) is opened by
# JPEG's, which hands it over when it finds one.
PARSERS = ("JPEG", "PNG", "WEBP", "HEIF")
TRANSPARENT_MODES = {"RGBA", "LA", "PA", "P"}


@dataclass(frozen=True)
class Words:
    """What a refusal says, in the words of whoever uploads (a patient sends a photo; the
    clinic's manager uploads a picture). `too_large` names the limit as {mb}."""

    too_large: str
    unreadable: str
    too_many_pixels: str


PATIENT_PHOTO = Words(
    too_large="That photo is too large; please send one under {mb} MB.",
    unreadable="We couldn't read that file as a photo; please send a JPEG, PNG, WebP or HEIC.",
    too_many_pixels="That photo has too many pixels; please send a smaller one.",
)
CLINICAL_PHOTO = Words(
    too_large="That photo is too large; please choose one under {mb} MB.",
    unreadable="We couldn't read that file as a photo; please choose a JPEG, PNG, WebP or HEIC.",
    too_many_pixels="That photo has too many pixels; please choose a smaller one.",
)
PUBLIC_PICTURE = Words(
    too_large="That picture is too large; please upload one under {mb} MB.",
    unreadable="That file is not a picture we can read; please upload a JPEG, PNG, WebP or HEIC.",
    too_many_pixels="That picture has too many pixels; please upload a smaller one.",
)


@dataclass(frozen=True)
class CleanImage:
    """A picture ready to keep: pixels and nothing else, upright."""

    data: bytes
    width: int
    height: int
    format: str  # "JPEG" or "PNG"

    @property
    def extension(self) -> str:
        return ".png" if self.format == "PNG" else ".jpg"


def _size_check(upload, *, max_mb: int, words: Words) -> None:
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(words.too_large.format(mb=max_mb))


def _open(upload, words: Words) -> Image.Image:
    """The picture opened from its header, by the plugins of the accepted formats alone (every
    other plugin's own parser never sees an upload). WebP's decoder reserves its whole canvas
    as it opens, so its size is read from the first bytes and checked before that."""
    upload.seek(0)
    head = upload.read(30)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        size = WebPImagePlugin._get_size(head)
        if size and size[0] * size[1] > settings.IMAGE_MAX_PIXELS:
            raise ValidationError(words.too_many_pixels)
    return Image.open(upload, formats=PARSERS)


def _header_check(image: Image.Image, words: Words) -> None:
    """Format and pixel count from the header alone: nothing is decoded yet."""
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(words.unreadable)
    if image.width * image.height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(words.too_many_pixels)


def image_check(upload, *, max_mb: int, words: Words) -> None:
    """Refuses what `image_clean` would refuse, reading only the header (a form's validation,
    before anything is stored). The upload is left at its start."""
    _size_check(upload, max_mb=max_mb, words=words)
    try:
        with _open(upload, words) as image:
            _header_check(image, words)
    except Image.DecompressionBombError as error:  # Pillow's own, far higher, limit
        raise ValidationError(words.too_many_pixels) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(words.unreadable) from error
    finally:
        upload.seek(0)


def image_clean(
    upload,
    *,
    max_mb: int,
    words: Words,
    longest_side: int,
    quality: int,
    keep_transparency: bool = False,
) -> CleanImage:
    """The picture to keep, or a ValidationError in `words`."""
    _size_check(upload, max_mb=max_mb, words=words)
    try:
        with _open(upload, words) as image:
            _header_check(image, words)
            transparent = keep_transparency and (
                image.mode in TRANSPARENT_MODES or "transparency" in image.info
            )
            # A JPEG can be decoded straight at a fraction of its size (draft mode): a 48 MP
            # phone photo bound for a 2048 px copy never occupies its full size in memory.
            if image.format in ("JPEG", "MPO"):
                image.draft("RGB", (longest_side, longest_side))
            image.load()
            # In place, shrunk, then converted: one full-size copy of the pixels at most.
            ImageOps.exif_transpose(image, in_place=True)
            if image.mode not in ("RGB", "RGBA", "L"):  # a palette shrinks badly as a palette
                image = image.convert("RGBA" if transparent else "RGB")
            image.thumbnail((longest_side, longest_side))
            upright = image.convert("RGBA" if transparent else "RGB")
            kept = io.BytesIO()
            # No exif=, no icc_profile=, no pnginfo=: the file carries pixels and nothing else.
            if transparent:
                upright.save(kept, "PNG", optimize=True)
            else:
                upright.save(kept, "JPEG", quality=quality, optimize=True)
            return CleanImage(
                kept.getvalue(), upright.width, upright.height, "PNG" if transparent else "JPEG"
            )
    except Image.DecompressionBombError as error:
        raise ValidationError(words.too_many_pixels) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(words.unreadable) from error

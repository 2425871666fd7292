"""The clinic's own pictures on its public pages: the logo, a hero image per treatment, a photo
per provider. Uploaded in the admin, checked, and kept as a few resized copies (renditions) in
WebP and in JPEG (PNG where the picture has transparency), so a phone downloads a picture the
size of its screen and a browser without WebP still gets one.

A rendition's name follows from the original's name and width alone, so a page lists the
`srcset` without touching the storage. Every upload gets a new random name: a copy can be
cached for a year, and a replaced picture never shows its old copy.
"""

import io
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

# Widths a page may ask for: a phone's card, a tablet or a desktop hero, a large screen.
RENDITION_WIDTHS = (480, 960, 1600)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
# An image of more pixels than a professional camera makes is refused before it is decoded.
MAX_PIXELS = 50_000_000


def _random_name(prefix: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6] or ".jpg"
    return f"public/{prefix}/{uuid.uuid4().hex}{suffix}"


def clinic_logo_path(instance, filename: str) -> str:
    return _random_name("clinic", filename)


def treatment_hero_path(instance, filename: str) -> str:
    return _random_name("treatments", filename)


def provider_photo_path(instance, filename: str) -> str:
    return _random_name("providers", filename)


def public_image_validate(upload) -> None:
    """Size, format and pixel count, in words the clinic's manager understands."""
    limit_mb = settings.PUBLIC_IMAGE_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(f"That picture is too large; please upload one under {limit_mb} MB.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError("Please upload a JPEG, PNG, WebP or HEIC picture.")
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError("That file is not a picture we can read.") from exc
    finally:
        upload.seek(0)
    if width * height > MAX_PIXELS:
        raise ValidationError("That picture has too many pixels; please upload a smaller one.")


def rendition_widths(original_width: int) -> list[int]:
    """The widths kept for an original of this width: never wider than the original."""
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    return [*widths, min(original_width, RENDITION_WIDTHS[-1])]


def _rendition_name(name: str, width: int, extension: str) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


def _fallback_extension(name: str) -> str:
    # Transparency (a logo) survives as PNG; everything else is a photograph, as JPEG.
    return "png" if PurePosixPath(name).suffix.lower() == ".png" else "jpg"


def renditions_store(image_file: ImageFieldFile) -> list[str]:
    """Write the renditions of a just-uploaded picture; returns their names.

    The copies are re-encoded from pixels only: no EXIF (a camera's GPS location among it)
    and no colour profile travel to the public site."""
    storage = image_file.storage
    image_file.open("rb")
    try:
        with Image.open(image_file) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    finally:
        image_file.close()
    fallback = _fallback_extension(image_file.name)
    keep_alpha = fallback == "png" and image.mode in ("RGBA", "LA", "P")
    image = image.convert("RGBA" if keep_alpha else "RGB")
    written = []
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        for extension, pil_format, options in (
            ("webp", "WEBP", {"quality": 80, "method": 4}),
            (fallback, "PNG" if fallback == "png" else "JPEG", {"optimize": True}),
        ):
            if pil_format == "JPEG":
                options = {**options, "quality": 82, "progressive": True}
            buffer = io.BytesIO()
            resized.save(buffer, pil_format, **options)
            name = _rendition_name(image_file.name, width, extension)
            if storage.exists(name):
                storage.delete(name)
            written.append(storage.save(name, ContentFile(buffer.getvalue())))
    return written


def picture_delete(storage, name: str) -> None:
    """Remove an original and every copy made of it (a replaced or cleared picture): the
    copies share its random name, so nothing else can match."""
    path = PurePosixPath(name)
    _folders, files = storage.listdir(str(path.parent))
    for file in files:
        if file == path.name or (file.startswith(f"{path.stem}-") and "w." in file):
            storage.delete(str(path.parent / file))


@dataclass(frozen=True)
class Picture:
    """What an <img> and its <source> need: URLs with widths, and the intrinsic size."""

    src: str
    srcset: str
    webp_srcset: str
    fallback_type: str
    width: int
    height: int


def picture_of(image_file: ImageFieldFile | None, *, width: int, height: int) -> Picture | None:
    """The picture's renditions, from the stored width and height (no storage access)."""
    if not image_file or not width or not height:
        return None
    storage = image_file.storage
    widths = rendition_widths(width)
    fallback = _fallback_extension(image_file.name)

    def srcset(extension: str) -> str:
        return ", ".join(
            f"{storage.url(_rendition_name(image_file.name, w, extension))} {w}w" for w in widths
        )

    largest = widths[-1]
    return Picture(
        src=storage.url(_rendition_name(image_file.name, largest, fallback)),
        srcset=srcset(fallback),
        webp_srcset=srcset("webp"),
        fallback_type="image/png" if fallback == "png" else "image/jpeg",
        width=largest,
        height=round(height * largest / width),
    )

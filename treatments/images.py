"""The clinic's own pictures on its public pages: the logo, a hero image per treatment, a photo
per provider. Uploaded in the admin, checked, and kept as a few resized copies (renditions) in
WebP and in JPEG (PNG where the picture has transparency), so a phone downloads a picture the
size of its screen and a browser without WebP still gets one.

What is stored is never the file the camera made: `PublicImageField` keeps only its cleaned
copy (practice/images.py: upright, pixels only, no EXIF and so no GPS position), so nothing under
`/media/public/` carries more than what the page shows. Pictures stored before uploads were
cleaned are cleaned by a data migration (`stored_picture_clean`).

A rendition's name follows from the original's name and width alone, so a page lists the
`srcset` without touching the storage. Every upload gets a new random name: a copy can be
cached for a year, and a replaced picture never shows its old copy.
"""

import io
import logging
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps

from practice.images import PUBLIC_PICTURE, CleanImage, image_clean

logger = logging.getLogger(__name__)
# Widths a page may ask for: a phone's card, a tablet or a desktop hero, a large screen.
RENDITION_WIDTHS = (480, 960, 1600)
# The kept (cleaned) original: twice the largest copy, room for sharper copies later.
ORIGINAL_LONGEST_SIDE = 3200


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
    """Size, format and pixels, in words the clinic's manager understands. The picture is
    decoded and cleaned here, in the form's validation, so a file whose header passes but
    whose pixels do not (a truncated JPEG) is a message on the form, never a 500 on saving;
    the cleaned copy waits on the file for PublicImageField to store."""
    if getattr(upload, "_committed", False):
        # The picture already stored, checked when it was uploaded: a record saved again
        # unchanged (its address edited, say) must not re-read a closed file.
        return
    upload.clean_copy = _public_clean(upload)


def _public_clean(content) -> CleanImage:
    return image_clean(
        content,
        max_mb=settings.PUBLIC_IMAGE_MAX_MB,
        words=PUBLIC_PICTURE,
        longest_side=ORIGINAL_LONGEST_SIDE,
        quality=90,
        keep_transparency=True,
    )


class PublicImageField(models.ImageField):
    """An ImageField that stores only the cleaned copy of an upload: the file as the camera
    made it (with its GPS position) is never written, whoever saves (the admin, the shell, a
    loader). The width and height fields then hold the upright picture's size."""

    def pre_save(self, model_instance, add):
        image_file = getattr(model_instance, self.attname)
        if image_file and not image_file._committed:
            clean = getattr(image_file, "clean_copy", None) or _public_clean(image_file)
            name = str(PurePosixPath(image_file.name).with_suffix(clean.extension))
            image_file.save(name, ContentFile(clean.data), save=False)
        return super().pre_save(model_instance, add)


def stored_picture_clean(model, field_name: str) -> int:
    """Cleans every picture of `model.field_name` stored before uploads were cleaned (a data
    migration calls it, outside a transaction, so each row and its files change together):
    the cleaned copy is written first, the row then points at it, and only then do the old
    original and its copies go, and copies are made again from the clean one. Width and height
    become the upright size. A file that is missing or cannot be read is left and reported.
    Returns how many were cleaned."""
    field = model._meta.get_field(field_name)
    cleaned = 0
    for record in model.objects.exclude(**{field_name: ""}):
        image_file = getattr(record, field_name)
        storage, old = image_file.storage, image_file.name
        try:
            with storage.open(old, "rb") as stored:
                # Stored already: the upload's size limit is not this file's concern.
                clean = image_clean(
                    stored,
                    max_mb=10**6,
                    words=PUBLIC_PICTURE,
                    longest_side=ORIGINAL_LONGEST_SIDE,
                    quality=90,
                    keep_transparency=True,
                )
        except (OSError, ValidationError) as error:
            logger.warning("%s %s: %s left as it is (%s)", model.__name__, record.pk, old, error)
            continue
        new = storage.save(
            str(PurePosixPath(old).with_suffix(clean.extension)), ContentFile(clean.data)
        )
        model.objects.filter(pk=record.pk).update(
            **{field_name: new, field.width_field: clean.width, field.height_field: clean.height}
        )
        picture_delete(storage, old, keep=new)
        record.refresh_from_db()
        renditions_store(getattr(record, field_name))
        cleaned += 1
    return cleaned


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

    The copies are re-encoded from pixels only, from an original that is itself a cleaned
    copy: no EXIF (a camera's GPS location among it) and no colour profile reach the site."""
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


def picture_delete(storage, name: str, *, keep: str = "") -> None:
    """Remove an original and every copy made of it (a replaced or cleared picture): the
    copies share its random name, so nothing else can match. `keep`: a file to leave (the
    cleaned original that replaces it under the same name)."""
    path = PurePosixPath(name)
    _folders, files = storage.listdir(str(path.parent))
    for file in files:
        if str(path.parent / file) == keep:
            continue
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

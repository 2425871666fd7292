"""A photo a patient sends with a concern, made safe to keep by the one image module
(practice/images.py): a real image of a sane size, upright, shrunk to what a screen needs,
re-encoded as a plain JPEG without any metadata (the phone's GPS position among it)."""

from django.conf import settings

from practice.images import PATIENT_PHOTO, image_clean

LONGEST_SIDE = 2048


def photo_clean(upload) -> bytes:
    """The JPEG to keep, or a ValidationError with words a patient understands."""
    return image_clean(
        upload,
        max_mb=settings.CONCERN_PHOTO_MAX_MB,
        words=PATIENT_PHOTO,
        longest_side=LONGEST_SIDE,
        quality=85,
    ).data

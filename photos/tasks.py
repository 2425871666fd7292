"""Thin Celery doors into the photo services."""

from celery import shared_task

from .models import Photo
from .services import photo_renditions_make, photos_unprepared_sweep


@shared_task(name="photos.renditions_make")
def photo_renditions_make_task(photo_id: int) -> bool:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # erased before the worker got to it
        return False
    return photo_renditions_make(photo=photo)


@shared_task(name="photos.unprepared_sweep")
def photos_unprepared_sweep_task() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): the copies of photos whose task was lost."""
    return photos_unprepared_sweep()

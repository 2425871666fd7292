"""Every write to clinical photos: taking one, making its smaller copies, moving a merged
patient's photos and erasing them at the patient's request."""

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from bookings import access as booking_access
from bookings.audit import audit_record
from bookings.models import AuditEntry, Booking, Patient
from charting.models import Area

from . import access, images
from .models import Photo

logger = logging.getLogger(__name__)


class PhotoError(Exception):
    """A photo that cannot be taken here; `str()` is safe to show the provider."""


def photo_add(
    *,
    actor,
    booking: Booking,
    image: images.CleanPhoto,
    view: str,
    phase: str,
    area: Area | None = None,
) -> Photo:
    """Keep a cleaned photo for a treatment session (providers their own, managers any) of a
    patient who agreed to photos, audited; its thumbnail and screen copy are made by the
    worker once the row is committed (or by the sweep, should that task be lost)."""
    booking_access.require(
        access.may_take_photos(actor, booking),
        actor=actor,
        what="take clinical photo",
        booking=booking,
    )
    if not access.session_takes_photos(booking):
        raise PhotoError("Photos are taken in a treatment session that is booked or done.")
    if not access.may_photograph(booking.patient):
        raise PhotoError(access.NO_CONSENT)
    if view not in Photo.View.values or phase not in Photo.Phase.values:
        raise PhotoError("Choose one of the standard views and before or after.")
    photo = Photo(
        patient=booking.patient,
        booking=booking,
        area=area,
        view=view,
        phase=phase,
        width=image.width,
        height=image.height,
        taken_by=actor,
    )
    # The file is written first, under a random name; if the row then fails to commit, the
    # file is removed again: never a row pointing at nothing, nor a file nobody owns.
    photo.original.save("original.jpg", ContentFile(image.data), save=False)
    try:
        with transaction.atomic():
            photo.save()
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                what="clinical photo",
                booking=booking,
                detail={"photo": str(photo.public_id), "view": view, "phase": phase},
            )
            transaction.on_commit(lambda: renditions_enqueue(photo_id=photo.pk))
    except Exception:
        photo.original.storage.delete(photo.original.name)
        raise
    return photo


def renditions_enqueue(*, photo_id: int) -> None:
    """Ask the worker for the photo's smaller copies. Runs after the commit, so the photo is
    kept whatever happens here: a broker that is down is logged, not shown to the provider as
    an error for a photo that was saved, and the sweep (photos_unprepared_sweep) makes the
    copies once the worker is back."""
    from .tasks import photo_renditions_make_task

    try:
        photo_renditions_make_task.delay(photo_id)
    except OperationalError as error:
        logger.warning(
            "photo %s: thumbnail task not queued (%s); the sweep will make it", photo_id, error
        )


def photo_renditions_make(*, photo: Photo) -> bool:
    """Write the thumbnail and the screen-size copy and mark the photo ready. Idempotent:
    False (and nothing written) if they were already made, so a repeated task is harmless."""
    if photo.is_ready:
        return False
    with photo.original.open("rb") as original:
        thumbnail, screen = images.renditions_make(original.read())
    storage = photo.original.storage
    field = Photo._meta.get_field("thumbnail")
    thumb_name = storage.save(field.generate_filename(photo, "t.jpg"), ContentFile(thumbnail))
    screen_name = storage.save(field.generate_filename(photo, "s.jpg"), ContentFile(screen))
    # Claim, then keep: only the run whose UPDATE finds the photo not yet ready keeps its
    # files; a second, racing run removes its own copies.
    claimed = Photo.objects.filter(pk=photo.pk, renditions_ready_at__isnull=True).update(
        thumbnail=thumb_name, screen=screen_name, renditions_ready_at=timezone.now()
    )
    if not claimed:
        storage.delete(thumb_name)
        storage.delete(screen_name)
        return False
    photo.refresh_from_db()
    return True


# A photo's copies are normally made within seconds; one still without them after this long
# lost its task (a broker down at upload, a worker that died mid-way).
SWEEP_AFTER = timedelta(minutes=2)


def photos_unprepared_sweep(*, now=None, limit: int = 50) -> int:
    """Make the smaller copies of photos still without them SWEEP_AFTER after being taken, one
    photo at a time: each is claimed with a row lock that other workers skip (skip_locked), so
    two sweeps never work on the same photo. Should the upload's own task turn up late for
    the same photo, photo_renditions_make's guarded UPDATE keeps one set of copies and the
    other run removes its own. Returns how many were made."""
    cutoff = (now or timezone.now()) - SWEEP_AFTER
    made = 0
    failed: list[int] = []
    for _ in range(limit):
        with transaction.atomic():
            photo = (
                Photo.objects.select_for_update(skip_locked=True)
                .filter(renditions_ready_at__isnull=True, taken_at__lt=cutoff)
                .exclude(pk__in=failed)
                .order_by("taken_at", "pk")
                .first()
            )
            if photo is None:
                break
            try:
                made += photo_renditions_make(photo=photo)
            except (OSError, ValueError):
                # An original that cannot be read (or a storage hiccup) is logged and skipped,
                # so one bad photo does not stop the others from being prepared; it still
                # opens as the original, and the next sweep tries it again.
                logger.exception("photo %s: smaller copies could not be made", photo.pk)
                failed.append(photo.pk)
    return made


def patient_photos_move(*, keep: Patient, merged: Patient) -> int:
    """A merged duplicate's photos belong to the record that is kept (called inside the
    merge's transaction, through bookings.signals.patients_merged)."""
    return Photo.objects.filter(patient=merged).update(patient=keep)


def patient_photos_erase(*, patient: Patient) -> int:
    """At the patient's request: their photos go, rows and files. A face is not anonymous,
    so unlike the rest of the treatment record a photo cannot be kept with the name removed.
    The files are deleted only once the erasure has committed."""
    photos = list(Photo.objects.filter(patient=patient))
    names = [
        (p.original.storage, f.name)
        for p in photos
        for f in (p.original, p.thumbnail, p.screen)
        if f.name
    ]
    Photo.objects.filter(pk__in=[p.pk for p in photos]).delete()

    def files_delete() -> None:
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError:  # already gone: the point was that it goes
                logger.warning("photo file %s was already gone", name)

    transaction.on_commit(files_delete)
    return len(photos)

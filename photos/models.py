"""Clinical photos: before and after pictures of a treatment session, one standard view at a
time, so that sessions months apart can be laid side by side.

The bytes live in the private storage (never under a public URL) under random names; the
rows say whose, which session, which view and area, and whether the smaller copies the pages
show (a thumbnail and a screen-size copy, made by the worker) are ready yet."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking, Patient
from charting.models import Area


def private_storage():
    """The storage named "private" in settings.STORAGES (a folder under var/ or a private
    S3 bucket): looked up when used, so tests and settings may swap it."""
    from django.core.files.storage import storages

    return storages["private"]


def _original_path(photo: "Photo", filename: str) -> str:
    # Random, and nothing about the patient in it: a path may end up in a log.
    return f"clinical/{uuid.uuid4().hex}.jpg"


def _rendition_path(photo: "Photo", filename: str) -> str:
    return f"clinical/{uuid.uuid4().hex}.jpg"


class Photo(models.Model):
    class View(models.TextChoices):
        FRONT = "front", "Front"
        LEFT_45 = "left_45", "Left 45°"
        RIGHT_45 = "right_45", "Right 45°"
        LEFT_PROFILE = "left_profile", "Left profile"
        RIGHT_PROFILE = "right_profile", "Right profile"

    class Phase(models.TextChoices):
        BEFORE = "before", "Before"
        AFTER = "after", "After"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The patient is the booking's; kept on the row too so a patient's photos are one indexed
    # lookup, and so a merge moves them in one UPDATE (the booking moves with it anyway).
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="clinical_photos")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="clinical_photos")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    view = models.CharField(max_length=20, choices=View.choices)
    phase = models.CharField(max_length=10, choices=Phase.choices)
    original = models.FileField(upload_to=_original_path, storage=private_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    thumbnail = models.FileField(
        upload_to=_rendition_path, storage=private_storage, max_length=200, blank=True
    )
    screen = models.FileField(
        upload_to=_rendition_path, storage=private_storage, max_length=200, blank=True
    )
    # Set by the worker once both smaller copies are written; until then pages say
    # "preparing" and show the original on request.
    renditions_ready_at = models.DateTimeField(null=True, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["taken_at", "pk"]
        indexes = [models.Index(fields=["patient", "view", "taken_at"], name="photo_patient_view")]
        constraints = [
            # "Ready" means both copies exist: a page that trusts the flag never links to a
            # file that is not there.
            models.CheckConstraint(
                condition=Q(renditions_ready_at__isnull=True) | (~Q(thumbnail="") & ~Q(screen="")),
                name="photo_ready_has_renditions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_view_display()} ({self.get_phase_display().lower()})"

    @property
    def is_ready(self) -> bool:
        return self.renditions_ready_at is not None

    @property
    def label(self) -> str:
        """ "Front, before · Full face": how a page names the photo."""
        text = f"{self.get_view_display()}, {self.get_phase_display().lower()}"
        return f"{text} · {self.area.name}" if self.area_id else text

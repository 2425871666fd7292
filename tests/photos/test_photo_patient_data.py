"""Photos in a patient's data: listed in the copy on request (not the bytes), moved by a
merge, and removed (rows and files) by an erasure."""

from datetime import timedelta

import time_machine
from django.core.files.storage import storages

from bookings.services import patient_erase, patient_export, patient_merge
from photos.models import Photo
from tests.factories import MONDAY, BookingFactory, PhotoFactory


def test_the_copy_lists_each_photo_without_its_bytes(session, manager):
    PhotoFactory(booking=session, view="left_45", phase="after")

    data = patient_export(actor=manager, patient=session.patient)

    assert data["clinical_photos"] == [
        {
            "taken_at": Photo.objects.get().taken_at.isoformat(),
            "session": session.start.date().isoformat(),
            "view": "Left 45°",
            "phase": "After",
            "area": "",
        }
    ]


def test_a_merge_moves_the_duplicates_photos_to_the_kept_record(clinic, session, manager):
    duplicate = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY - timedelta(days=1),
        email="ana2@example.com",
    )
    photo = PhotoFactory(booking=duplicate)

    patient_merge(actor=manager, keep=session.patient, merge=duplicate.patient)

    photo.refresh_from_db()
    assert photo.patient == session.patient


def test_erasure_removes_the_photos_and_their_files(
    session, manager, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(booking=session, ready=True)
    names = [photo.original.name, photo.thumbnail.name, photo.screen.name]

    # A day after the session: nothing of the patient's is still ahead.
    with (
        time_machine.travel(MONDAY + timedelta(days=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        patient_erase(actor=manager, patient=session.patient)

    assert not Photo.objects.exists()
    assert not any(storages["private"].exists(name) for name in names)

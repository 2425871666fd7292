"""A photo's smaller copies are made even when its task is lost: a broker that is down at
upload is logged (the provider still gets the page for the photo that was kept), and a
sweep every minute makes the copies of photos left without them for over two minutes, each
claimed with a row lock other workers skip."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from medspa.celery import app
from photos.models import Photo
from photos.services import photos_unprepared_sweep
from photos.tasks import photo_renditions_make_task, photos_unprepared_sweep_task
from tests.factories import PhotoFactory, as_user, image_bytes, upload


def test_a_broker_that_is_down_at_upload_is_logged_and_the_photo_kept(
    client, session, provider_dana, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(photo_renditions_make_task, "delay", broker_down)
    url = reverse("staff_photos:session", args=[session.public_id])

    with (
        caplog.at_level(logging.WARNING, logger="photos.services"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = as_user(client, provider_dana).post(
            url, {"image": upload(image_bytes()), "view": "front", "phase": "before"}
        )

    assert response.status_code == 302
    assert len(callbacks) == 1
    photo = Photo.objects.get()
    assert not photo.is_ready
    assert "thumbnail task not queued" in caplog.text


def test_the_sweep_makes_the_copies_of_photos_waiting_over_two_minutes(session):
    now = timezone.now()
    lost = PhotoFactory(booking=session, taken_at=now - timedelta(minutes=3))
    just_taken = PhotoFactory(booking=session, view="left_45", taken_at=now - timedelta(seconds=30))
    ready = PhotoFactory(
        booking=session, view="right_45", ready=True, taken_at=now - timedelta(hours=1)
    )
    ready_name = ready.thumbnail.name

    assert photos_unprepared_sweep(now=now) == 1

    lost.refresh_from_db(), just_taken.refresh_from_db(), ready.refresh_from_db()
    assert lost.is_ready and lost.thumbnail.name and lost.screen.name
    assert not just_taken.is_ready  # its own task is probably still on its way
    assert ready.thumbnail.name == ready_name
    assert photos_unprepared_sweep(now=now) == 0  # nothing left to do


def test_the_sweep_claims_each_photo_with_a_lock_other_workers_skip(session):
    PhotoFactory(booking=session, taken_at=timezone.now() - timedelta(minutes=5))

    with CaptureQueriesContext(connection) as queries:
        photos_unprepared_sweep()

    claims = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert claims and all("SKIP LOCKED" in sql for sql in claims)


def test_a_photo_whose_original_cannot_be_read_does_not_stop_the_others(session):
    earlier = timezone.now() - timedelta(minutes=10)
    broken = PhotoFactory(booking=session, taken_at=earlier)
    broken.original.storage.delete(broken.original.name)
    fine = PhotoFactory(booking=session, view="left_45", taken_at=earlier + timedelta(minutes=1))

    assert photos_unprepared_sweep() == 1

    fine.refresh_from_db(), broken.refresh_from_db()
    assert fine.is_ready and not broken.is_ready


def test_beat_runs_the_sweep_every_minute(session):
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "photos.unprepared_sweep"
    )
    assert entry["schedule"] == 60.0
    assert app.tasks[entry["task"]].name == photos_unprepared_sweep_task.name
    PhotoFactory(booking=session, taken_at=timezone.now() - timedelta(minutes=3))

    assert photos_unprepared_sweep_task.delay().get() == 1

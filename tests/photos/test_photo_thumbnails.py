"""The worker makes each photo's thumbnail and screen-size copy after the upload commits;
until then the pages say "preparing" and the original is still there to open."""

from django.urls import reverse
from PIL import Image

from photos.models import Photo
from photos.services import photo_renditions_make
from tests.factories import PhotoFactory, as_user, image_bytes, upload


def test_the_task_makes_the_copies_once_the_upload_commits(
    client, session, provider_dana, django_capture_on_commit_callbacks
):
    url = reverse("staff_photos:session", args=[session.public_id])
    big = upload(image_bytes("JPEG", size=(2400, 1800)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        as_user(client, provider_dana).post(url, {"image": big, "view": "front", "phase": "before"})

    assert len(callbacks) == 1  # the task is enqueued only on commit
    photo = Photo.objects.get()
    assert photo.is_ready
    with photo.thumbnail.open("rb") as thumb, Image.open(thumb) as image:
        assert max(image.size) == 320
    with photo.screen.open("rb") as screen, Image.open(screen) as image:
        assert max(image.size) == 1600


def test_until_ready_the_page_says_preparing_and_links_the_original(client, session, provider_dana):
    photo = PhotoFactory(booking=session)

    html = (
        as_user(client, provider_dana)
        .get(reverse("staff:booking", args=[session.public_id]))
        .content.decode()
    )

    assert "Preparing" in html
    assert reverse("staff_photos:image", args=[photo.public_id, "original"]) in html
    assert reverse("staff_photos:image", args=[photo.public_id, "thumbnail"]) not in html


def test_a_repeated_task_changes_nothing(session):
    photo = PhotoFactory(booking=session)
    assert photo_renditions_make(photo=photo) is True
    first = (photo.thumbnail.name, photo.screen.name)

    assert photo_renditions_make(photo=Photo.objects.get()) is False
    photo.refresh_from_db()
    assert (photo.thumbnail.name, photo.screen.name) == first

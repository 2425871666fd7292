"""Asked for a photo's thumbnail or its screen copy, the clinic serves that copy's bytes, never
the full original: a page of thumbnails would otherwise pull every 12-megapixel original
down to a phone, and a patient's link would hand out the full-resolution file. The one place
that picks the bytes is photos/staff_views.py `photo_file_response`, behind the staff image
view and the patient's signed link."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from photos.images import SCREEN_SIDE, THUMBNAIL_SIDE
from photos.links import photo_patient_path
from photos.services import photo_renditions_make
from photos.staff_views import photo_file_response
from tests.factories import PhotoFactory, as_user, image_bytes
from treatments.models import Clinic

ORIGINAL = (2400, 1800)  # larger than the screen copy, so each copy has a size of its own
SIZES = {
    "original": ORIGINAL,
    "screen": (SCREEN_SIDE, SCREEN_SIDE * 3 // 4),
    "thumbnail": (THUMBNAIL_SIDE, THUMBNAIL_SIDE * 3 // 4),
}


def _pixels(streaming_content) -> tuple[int, int]:
    with Image.open(io.BytesIO(b"".join(streaming_content))) as image:
        return image.size


@pytest.fixture
def photo(session):
    """A 2400x1800 photo of the session whose copies the worker has made."""
    photo = PhotoFactory(
        booking=session, original__data=image_bytes("JPEG", size=ORIGINAL), width=2400, height=1800
    )
    assert photo_renditions_make(photo=photo) is True
    return photo


@pytest.mark.parametrize("rendition", ["thumbnail", "screen", "original"])
def test_the_file_response_of_a_copy_holds_that_copys_bytes(photo, rendition):
    response = photo_file_response(photo, rendition)

    data = b"".join(response.streaming_content)
    response.close()
    with getattr(photo, rendition).open("rb") as stored:
        assert data == stored.read()  # that very file, not another copy
    assert _pixels([data]) == SIZES[rendition]


@pytest.mark.parametrize("rendition", ["thumbnail", "screen", "original"])
def test_the_staff_image_view_serves_the_copy_asked_for(client, photo, provider_dana, rendition):
    url = reverse("staff_photos:image", args=[photo.public_id, rendition])

    response = as_user(client, provider_dana).get(url)

    assert response.status_code == 200
    assert _pixels(response.streaming_content) == SIZES[rendition]


def test_the_patients_link_serves_the_screen_copy_not_the_original(client, photo):
    Clinic.objects.update(patients_see_photos=True)  # the session's patient agreed to photos

    response = client.get(photo_patient_path(photo))

    assert response.status_code == 200
    assert _pixels(response.streaming_content) == SIZES["screen"]


def test_before_the_copies_are_made_the_original_stands_in(client, session, provider_dana):
    # The one case where the original answers for a copy: the worker has not made it yet.
    waiting = PhotoFactory(booking=session)
    url = reverse("staff_photos:image", args=[waiting.public_id, "thumbnail"])

    response = as_user(client, provider_dana).get(url)

    assert _pixels(response.streaming_content) == (64, 48)

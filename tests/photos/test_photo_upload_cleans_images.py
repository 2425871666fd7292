"""What the tablet sends is kept as a plain, upright JPEG without its GPS position; anything
else is refused with a message and nothing is stored."""

import io

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from PIL import Image

from photos.models import Photo
from tests.factories import as_user, image_bytes, upload


def _post(client, session, file, **extra):
    url = reverse("staff_photos:session", args=[session.public_id])
    return client.post(url, {"image": file, "view": "front", "phase": "before", **extra})


def _stored_files() -> int:
    storage = storages["private"]
    try:
        return len(storage.listdir("clinical")[1])
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize(
    ("fmt", "name"), [("PNG", "p.png"), ("HEIF", "IMG_0001.HEIC"), ("WEBP", "w.webp")]
)
def test_png_heic_and_webp_are_kept_as_jpeg(client, session, provider_dana, fmt, name):
    response = _post(as_user(client, provider_dana), session, upload(image_bytes(fmt), name))

    assert response.status_code == 302
    photo = Photo.objects.get()
    with photo.original.open("rb") as kept, Image.open(kept) as image:
        assert image.format == "JPEG"
    assert (photo.patient, photo.booking, photo.view) == (session.patient, session, "front")


def test_the_gps_position_is_gone_and_the_photo_is_turned_upright(client, session, provider_dana):
    sent = image_bytes("JPEG", size=(80, 40), gps=True, rotated=True)
    assert Image.open(io.BytesIO(sent)).getexif().get(0x8825)  # the phone's GPS is there

    _post(as_user(client, provider_dana), session, upload(sent))

    photo = Photo.objects.get()
    with photo.original.open("rb") as kept, Image.open(kept) as image:
        assert not image.getexif()  # no GPS, no orientation, nothing
        assert image.size == (40, 80)  # stood upright as the phone meant it
    assert (photo.width, photo.height) == (40, 80)


def test_a_photo_over_the_size_limit_is_refused_and_nothing_stored(
    client, session, provider_dana, settings
):
    settings.PHOTO_MAX_MB = 0  # anything with a byte in it is too large
    before = _stored_files()

    response = _post(as_user(client, provider_dana), session, upload(image_bytes()))

    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Photo.objects.exists() and _stored_files() == before


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_stored(client, session, provider_dana):
    before = _stored_files()

    response = _post(
        as_user(client, provider_dana),
        session,
        upload(b"%PDF-1.4 not a photo", "scan.pdf", "application/pdf"),
    )

    assert response.status_code == 400
    assert "couldn&#x27;t read that file as a photo" in response.content.decode()
    assert not Photo.objects.exists() and _stored_files() == before


def test_a_decompression_bomb_is_refused_before_it_is_decoded(
    client, session, provider_dana, settings
):
    settings.IMAGE_MAX_PIXELS = 1000  # the 64x48 test photo has 3072

    response = _post(as_user(client, provider_dana), session, upload(image_bytes("PNG")))

    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()
    assert not Photo.objects.exists()


def test_an_unknown_view_is_a_form_error(client, session, provider_dana):
    response = _post(
        as_user(client, provider_dana), session, upload(image_bytes()), view="from_above"
    )

    assert response.status_code == 400
    assert not Photo.objects.exists()

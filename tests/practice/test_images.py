"""The one image module every upload passes through (practice/images.py): a picture with more
pixels than IMAGE_MAX_PIXELS is refused from its header before anything is decoded, Pillow's
process-wide limit is never changed, and what is kept is upright and carries pixels only."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from practice.images import PATIENT_PHOTO, PUBLIC_PICTURE, image_check, image_clean
from tests.factories import image_bytes, upload

# Pillow's own default, which no module of the app may change for the whole process.
PILLOW_DEFAULT_MAX_PIXELS = 1024 * 1024 * 1024 // 4 // 3


def _bomb(side: int) -> bytes:
    """A PNG of side x side one-bit pixels: a few kilobytes that open into side² pixels."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture
def decoding_forbidden(monkeypatch):
    """Any attempt to decode pixels fails the test: a refusal must come from the header."""

    def refuse(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_no_module_changes_pillows_limit_for_the_whole_process():
    import aftercare.photos  # noqa: F401
    import photos.images  # noqa: F401
    import treatments.images  # noqa: F401

    assert Image.MAX_IMAGE_PIXELS == PILLOW_DEFAULT_MAX_PIXELS


@pytest.mark.parametrize("side", [10_000, 10_910])  # 100 MP and 119 MP
def test_a_small_file_of_a_hundred_megapixels_is_refused_before_it_is_decoded(
    side, decoding_forbidden
):
    bomb = _bomb(side)
    assert len(bomb) < 20_000  # kilobytes on the wire

    for check in (
        lambda: image_check(upload(bomb, "skin.png", "image/png"), max_mb=10, words=PATIENT_PHOTO),
        lambda: image_clean(
            upload(bomb, "skin.png", "image/png"),
            max_mb=10,
            words=PATIENT_PHOTO,
            longest_side=2048,
            quality=85,
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            check()
        assert refused.value.messages == [PATIENT_PHOTO.too_many_pixels]


def test_the_one_limit_is_the_setting(settings):
    photo = image_bytes("PNG", size=(64, 48))  # 3,072 pixels
    settings.IMAGE_MAX_PIXELS = 3072
    image_check(upload(photo, "p.png", "image/png"), max_mb=1, words=PUBLIC_PICTURE)
    settings.IMAGE_MAX_PIXELS = 3071
    with pytest.raises(ValidationError, match="too many pixels"):
        image_check(upload(photo, "p.png", "image/png"), max_mb=1, words=PUBLIC_PICTURE)


def test_what_is_kept_is_upright_and_carries_no_gps_and_no_exif():
    sent = image_bytes("JPEG", size=(80, 40), gps=True, rotated=True)

    kept = image_clean(upload(sent), max_mb=1, words=PATIENT_PHOTO, longest_side=2048, quality=85)

    with Image.open(io.BytesIO(kept.data)) as image:
        assert image.format == "JPEG" and not image.getexif() and "icc_profile" not in image.info
        assert image.size == (40, 80) == (kept.width, kept.height)


def test_a_transparent_logo_stays_a_png_with_its_transparency_and_a_photo_becomes_a_jpeg():
    logo = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(logo, "PNG")

    kept = image_clean(
        upload(logo.getvalue(), "logo.png", "image/png"),
        max_mb=1,
        words=PUBLIC_PICTURE,
        longest_side=3200,
        quality=90,
        keep_transparency=True,
    )
    assert (kept.format, kept.extension) == ("PNG", ".png")
    with Image.open(io.BytesIO(kept.data)) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0

    flat = image_clean(
        upload(image_bytes("PNG"), "photo.png", "image/png"),
        max_mb=1,
        words=PUBLIC_PICTURE,
        longest_side=3200,
        quality=90,
        keep_transparency=True,
    )
    assert (flat.format, flat.extension) == ("JPEG", ".jpg")


def test_a_large_photo_is_shrunk_to_the_longest_side_its_use_needs():
    kept = image_clean(
        upload(image_bytes("JPEG", size=(3000, 2000))),
        max_mb=5,
        words=PATIENT_PHOTO,
        longest_side=1024,
        quality=85,
    )
    assert (kept.width, kept.height) == (1024, 683)


def test_a_file_that_is_not_a_picture_is_refused_in_the_uploaders_words():
    with pytest.raises(ValidationError) as refused:
        image_check(upload(b"%PDF-1.7"), max_mb=1, words=PUBLIC_PICTURE)
    assert refused.value.messages == [PUBLIC_PICTURE.unreadable]


def _webp_header(width: int, height: int) -> bytes:
    """The first bytes of a lossless WebP of width x height: enough for its size, no pixels."""
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + bits.to_bytes(4, "little") + b"\x00" * 16
    chunk = b"VP8L" + len(payload).to_bytes(4, "little") + payload
    return b"RIFF" + (4 + len(chunk)).to_bytes(4, "little") + b"WEBP" + chunk


def test_a_huge_webp_is_refused_before_its_decoder_reserves_the_canvas(monkeypatch):
    from PIL import WebPImagePlugin

    def refuse(*args, **kwargs):
        raise AssertionError("the WebP decoder was built")

    monkeypatch.setattr(WebPImagePlugin._webp, "WebPAnimDecoder", refuse)
    # 100 MP: under Pillow's own error (179 MP), which only warns from 89 MP.
    bomb = upload(_webp_header(10_000, 10_000), "skin.webp", "image/webp")

    with pytest.raises(ValidationError) as refused:
        image_check(bomb, max_mb=10, words=PATIENT_PHOTO)
    assert refused.value.messages == [PATIENT_PHOTO.too_many_pixels]


def test_only_the_accepted_formats_parsers_ever_read_an_upload(monkeypatch):
    from PIL import GifImagePlugin

    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")

    def refuse(self):
        raise AssertionError("the GIF parser read an upload")

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "_open", refuse)
    with pytest.raises(ValidationError) as refused:
        image_check(upload(gif.getvalue(), "a.gif", "image/gif"), max_mb=1, words=PATIENT_PHOTO)
    assert refused.value.messages == [PATIENT_PHOTO.unreadable]

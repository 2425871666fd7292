"""No photo is taken unless the patient agreed to photos on the treatment's consent form (their
latest answer counts: a later "no" stops new photos). The pages say so instead of offering the
upload; the photos already taken stay in the record."""

from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from photos import images, services
from photos.access import may_photograph
from photos.models import Photo
from tests.factories import MONDAY, PhotoFactory, as_user, image_bytes, photo_consent_sign, upload

NOTICE = "No photo consent: the patient has not agreed to photos (asked on the treatment"


def _stored_files() -> int:
    try:
        return len(storages["private"].listdir("clinical")[1])
    except FileNotFoundError:
        return 0


def _photo_add(actor, booking):
    return services.photo_add(
        actor=actor,
        booking=booking,
        image=images.CleanPhoto(image_bytes(), 64, 48),
        view="front",
        phase="before",
    )


def test_without_a_signed_consent_the_service_refuses_and_stores_nothing(
    unconsented_session, provider_dana
):
    before = _stored_files()

    with pytest.raises(services.PhotoError, match="No photo consent"):
        _photo_add(provider_dana, unconsented_session)

    assert Photo.objects.count() == 0 and _stored_files() == before


def test_a_later_no_wins_over_an_earlier_yes(session, manager):
    assert may_photograph(session.patient)
    photo_consent_sign(session, agreed=False, at=MONDAY - timedelta(days=1))

    assert not may_photograph(session.patient)
    with pytest.raises(services.PhotoError, match="No photo consent"):
        _photo_add(manager, session)
    assert Photo.objects.count() == 0


def test_the_upload_page_refuses_a_post_without_consent(client, unconsented_session, provider_dana):
    url = reverse("staff_photos:session", args=[unconsented_session.public_id])
    before = _stored_files()

    response = as_user(client, provider_dana).post(
        url, {"image": upload(image_bytes()), "view": "front", "phase": "before"}
    )

    assert response.status_code == 400
    assert NOTICE in response.content.decode()
    assert Photo.objects.count() == 0 and _stored_files() == before


def test_the_pages_say_why_instead_of_offering_the_upload_and_keep_showing_the_photos(
    client, session, provider_dana
):
    taken = PhotoFactory(booking=session, ready=True)
    photo_consent_sign(session, agreed=False, at=MONDAY - timedelta(days=1))
    as_user(client, provider_dana)

    for url in (
        reverse("staff:booking", args=[session.public_id]),
        reverse("staff_photos:session", args=[session.public_id]),
    ):
        html = client.get(url).content.decode()
        assert NOTICE in html, url
        assert "data-photo-upload" not in html and "photos-capture.js" not in html, url
        assert reverse("staff_photos:image", args=[taken.public_id, "thumbnail"]) in html, url
    image = client.get(reverse("staff_photos:image", args=[taken.public_id, "screen"]))
    assert image.status_code == 200


def test_with_consent_the_upload_is_offered_and_keeps_the_photo(client, session, provider_dana):
    as_user(client, provider_dana)

    assert (
        "data-photo-upload"
        in client.get(reverse("staff:booking", args=[session.public_id])).content.decode()
    )
    response = client.post(
        reverse("staff_photos:session", args=[session.public_id]),
        {"image": upload(image_bytes()), "view": "front", "phase": "before"},
    )

    assert response.status_code == 302
    assert Photo.objects.get().booking == session

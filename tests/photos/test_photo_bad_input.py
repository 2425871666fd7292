"""Bad bytes in any photo page's parameters are a 400 or a form error, never a 500, and
write nothing."""

import pytest
from django.urls import reverse

from photos.models import Photo
from tests.bookings.conftest import as_user
from tests.factories import PhotoFactory, image_bytes, upload

BAD = ["a\x00b", "\xff\ufffe", "x" * 400, "-1", "9" * 30, ""]


@pytest.mark.parametrize("value", BAD)
def test_the_comparison_answers_bad_choices_with_a_form_error(client, session, manager, value):
    PhotoFactory(booking=session)
    url = reverse("staff_photos:compare", args=[session.patient.public_id])
    as_user(client, manager)

    for name in ("first", "second", "first_phase", "view", "area"):
        response = client.get(url, {name: value})
        assert response.status_code in (200, 400), (name, value)


@pytest.mark.parametrize("value", BAD)
def test_the_upload_answers_bad_fields_with_a_form_error_and_keeps_nothing(
    client, session, provider_dana, value
):
    url = reverse("staff_photos:session", args=[session.public_id])
    as_user(client, provider_dana)

    for name in ("view", "phase", "area"):
        data = {"image": upload(image_bytes()), "view": "front", "phase": "before", name: value}
        response = client.post(url, data)
        assert response.status_code in (302, 400), (name, value)
    assert not Photo.objects.exclude(area__isnull=True).exists()


def test_an_upload_without_a_file_is_a_form_error(client, session, provider_dana):
    url = reverse("staff_photos:session", args=[session.public_id])

    response = as_user(client, provider_dana).post(url, {"view": "front", "phase": "before"})

    assert response.status_code == 400
    assert not Photo.objects.exists()

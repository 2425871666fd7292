"""A photo's bytes reach only providers and managers who may see the patient, through the
access-checked view: never a login-less request, the front desk, another provider's login,
a guessed id, or a public /media/ address."""

import uuid

from django.urls import reverse

from bookings.models import AuditEntry
from tests.factories import PhotoFactory, as_user


def _image_url(photo, copy="original"):
    return reverse("staff_photos:image", args=[photo.public_id, copy])


def test_the_patients_provider_and_a_manager_get_the_bytes_never_cached(
    client, session, provider_dana, manager
):
    photo = PhotoFactory(booking=session)
    for user in (provider_dana, manager):
        response = as_user(client, user).get(_image_url(photo))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG


def test_without_a_login_the_image_redirects_to_the_login_page(client, session):
    response = client.get(_image_url(PhotoFactory(booking=session)))

    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_the_front_desk_is_refused_and_the_refusal_recorded(client, session, frontdesk):
    photo = PhotoFactory(booking=session)

    response = as_user(client, frontdesk).get(_image_url(photo))

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="denied", actor=frontdesk).exists()


def test_another_provider_is_refused_the_photo_of_a_patient_not_theirs(
    client, session, provider_priya
):
    photo = PhotoFactory(booking=session)

    response = as_user(client, provider_priya).get(_image_url(photo, "screen"))

    assert response.status_code == 403
    refusal = AuditEntry.objects.get(action="denied", actor=provider_priya)
    assert refusal.patient == session.patient


def test_an_unknown_photo_or_copy_is_not_found(client, session, manager):
    photo = PhotoFactory(booking=session)
    as_user(client, manager)

    assert (
        client.get(reverse("staff_photos:image", args=[uuid.uuid4(), "original"])).status_code
        == 404
    )
    assert client.get(_image_url(photo, "raw")).status_code == 404


def test_the_file_is_not_reachable_under_media(client, session, manager):
    photo = PhotoFactory(booking=session)
    name = photo.original.name
    assert photo.original.name.startswith("clinical/") and len(name) > 40  # random, long

    as_user(client, manager)
    for path in (f"/media/{name}", f"/media/private/{name}", f"/media/../private/{name}"):
        assert client.get(path).status_code == 404, path

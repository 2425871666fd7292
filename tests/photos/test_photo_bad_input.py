"""Bad bytes in any photo page's parameters are a 400 that says what is wrong (the field's form
error, or for NUL bytes the bad-input page), never a 500, and write nothing: no row, no file
in the private storage."""

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from photos.models import Photo
from tests.factories import PhotoFactory, as_user, image_bytes, upload

BAD = ["a\x00b", "\xff\ufffe", "x" * 400, "-1", "9" * 30]


def _stored_files() -> int:
    try:
        return len(storages["private"].listdir("clinical")[1])
    except FileNotFoundError:
        return 0


def _error_codes(response, name) -> list[str]:
    form = response.context["form"]
    assert set(form.errors) == {name}, form.errors  # that field, and only that field
    return [error.code for error in form.errors.as_data()[name]]


def _assert_refused(response, name, value, *, where: str) -> None:
    """The exact answer to one bad value: NUL bytes never reach a form (the bad-input
    middleware refuses the whole request, saying why); a session that is not a session id is
    "not a valid UUID"; anything else is not one of the choices."""
    html = response.content.decode()
    assert response.status_code == 400
    if "\x00" in value:
        assert "form" not in response.context
        assert f"The {where} has characters that are not text." in html
    elif name in ("first", "second"):
        assert _error_codes(response, name) == ["invalid"]
        assert "is not a valid UUID." in html
    else:
        assert _error_codes(response, name) == ["invalid_choice"]
        assert "Select a valid choice." in html


@pytest.mark.parametrize("name", ["first", "second", "first_phase", "view", "area"])
@pytest.mark.parametrize("value", BAD)
def test_the_comparison_answers_a_bad_choice_with_that_fields_error(
    client, session, manager, name, value
):
    PhotoFactory(booking=session)
    url = reverse("staff_photos:compare", args=[session.patient.public_id])
    good = {"first": session.public_id, "second": session.public_id, "view": "front"}
    good |= {"first_phase": "before", "second_phase": "after"}

    response = as_user(client, manager).get(url, good | {name: value})

    _assert_refused(response, name, value, where="address")


@pytest.mark.parametrize("name", ["view", "phase", "area"])
@pytest.mark.parametrize("value", BAD)
def test_the_upload_answers_a_bad_field_with_its_error_and_keeps_nothing(
    client, session, provider_dana, name, value
):
    url = reverse("staff_photos:session", args=[session.public_id])
    files = _stored_files()
    data = {"image": upload(image_bytes()), "view": "front", "phase": "before", name: value}

    response = as_user(client, provider_dana).post(url, data)

    _assert_refused(response, name, value, where="form")
    assert Photo.objects.count() == 0 and _stored_files() == files


@pytest.mark.parametrize("name", ["view", "phase"])
def test_an_empty_view_or_phase_is_required(client, session, provider_dana, name):
    url = reverse("staff_photos:session", args=[session.public_id])
    files = _stored_files()
    data = {"image": upload(image_bytes()), "view": "front", "phase": "before", name: ""}

    response = as_user(client, provider_dana).post(url, data)

    assert response.status_code == 400
    assert _error_codes(response, name) == ["required"]
    assert Photo.objects.count() == 0 and _stored_files() == files


def test_an_empty_area_means_the_whole_session(client, session, provider_dana):
    url = reverse("staff_photos:session", args=[session.public_id])
    data = {"image": upload(image_bytes()), "view": "front", "phase": "before", "area": ""}

    response = as_user(client, provider_dana).post(url, data)

    assert response.status_code == 302
    assert Photo.objects.get().area is None


def test_an_upload_without_a_file_is_a_form_error(client, session, provider_dana):
    url = reverse("staff_photos:session", args=[session.public_id])
    files = _stored_files()

    response = as_user(client, provider_dana).post(url, {"view": "front", "phase": "before"})

    assert response.status_code == 400
    assert _error_codes(response, "image") == ["required"]
    assert Photo.objects.count() == 0 and _stored_files() == files

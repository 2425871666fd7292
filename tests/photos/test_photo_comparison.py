"""The comparison lays the same view of two sessions side by side, and one over the other
with a slider; what is missing is said, and bad choices are a form error, not a 500."""

from django.urls import reverse

from tests.factories import PhotoFactory, as_user


def _compare(client, patient, **query):
    return client.get(reverse("staff_photos:compare", args=[patient.public_id]), query)


def test_by_default_the_first_sessions_before_and_the_last_sessions_after_are_compared(
    client, session, previous_session, provider_dana
):
    earlier = PhotoFactory(booking=previous_session, phase="before")
    later = PhotoFactory(booking=session, phase="after")
    PhotoFactory(booking=session, phase="after", view="left_profile")

    html = _compare(as_user(client, provider_dana), session.patient).content.decode()

    for photo in (earlier, later):
        assert reverse("staff_photos:image", args=[photo.public_id, "screen"]) in html
    assert 'type="range"' in html and "data-compare-over" in html


def test_another_view_and_phase_can_be_chosen(client, session, previous_session, manager):
    PhotoFactory(booking=previous_session, view="left_45", phase="after")
    chosen = PhotoFactory(booking=session, view="left_45", phase="before")

    response = _compare(
        as_user(client, manager),
        session.patient,
        first=previous_session.public_id,
        first_phase="after",
        second=session.public_id,
        second_phase="before",
        view="left_45",
    )

    assert response.status_code == 200
    assert str(chosen.public_id) in response.content.decode()


def test_a_missing_photo_is_said_and_there_is_no_slider(client, session, previous_session, manager):
    PhotoFactory(booking=previous_session)
    PhotoFactory(booking=session, view="left_45", phase="after")  # no front view at all

    html = _compare(as_user(client, manager), session.patient).content.decode()

    assert "No photo of this view in the later session." in html
    assert "data-compare-over" not in html


def test_by_default_a_later_session_with_only_a_before_shows_its_before(
    client, session, previous_session, manager
):
    PhotoFactory(booking=previous_session, phase="before")
    later_before = PhotoFactory(booking=session, phase="before")

    response = _compare(as_user(client, manager), session.patient)

    html = response.content.decode()
    assert reverse("staff_photos:image", args=[later_before.public_id, "screen"]) in html
    assert "No photo of this view" not in html
    assert response.context["form"]["second_phase"].value() == "before"


def test_a_session_of_another_patient_is_a_form_error(client, session, clinic, manager):
    from tests.factories import MONDAY, BookingFactory

    other = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY.replace(hour=20),
        email="bo@example.com",
    )
    PhotoFactory(booking=session)

    response = _compare(
        as_user(client, manager), session.patient, first=other.public_id, second="nonsense"
    )

    assert response.status_code == 400


def test_the_front_desk_may_not_compare(client, session, frontdesk):
    assert _compare(as_user(client, frontdesk), session.patient).status_code == 403

"""The photos on the staff patient and booking pages: by session for providers and managers,
in one query however long the patient's history; a count only for the front desk."""

from datetime import timedelta

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from photos.staff_panels import patient_panel
from tests.factories import MONDAY, BookingFactory, PhotoFactory, as_user


def _history(clinic, sessions: int, photos_each: int = 5, *, email: str = "ana@example.com"):
    # Another patient: another provider, later in the day (the HALO laser is shared).
    provider, later = (clinic.dana, 0) if email.startswith("ana") else (clinic.priya, 3)
    bookings = [
        BookingFactory(
            appointment_type=clinic.halo_session,
            provider=provider,
            start=MONDAY - timedelta(weeks=6 * (i + 1)) + timedelta(hours=later),
            status="completed",
            email=email,
        )
        for i in range(sessions)
    ]
    views = ["front", "left_45", "right_45", "left_profile", "right_profile"]
    for booking in bookings:
        for view in views[:photos_each]:
            PhotoFactory(booking=booking, view=view, ready=True)
    return bookings[0].patient


def _panel_queries(user, patient) -> int:
    request = RequestFactory().get("/")
    request.user = user
    user.has_perm("bookings.view_clinical_notes")  # permissions cached, as on a real page
    with CaptureQueriesContext(connection) as queries:
        panel = patient_panel(request, patient)
    assert panel is not None
    return len(queries)


def test_the_patient_panel_takes_as_many_queries_for_40_sessions_as_for_1(clinic, manager):
    one = _panel_queries(manager, _history(clinic, 1))
    forty = _panel_queries(manager, _history(clinic, 40, email="bo@example.com"))

    assert forty == one
    assert one == 1  # the photos, with their sessions and areas


def test_the_whole_patient_page_with_200_photos_stays_in_budget(
    client, clinic, manager, django_assert_max_num_queries
):
    patient = _history(clinic, 40)
    as_user(client, manager)
    with django_assert_max_num_queries(60):
        response = client.get(reverse("staff:patient", args=[patient.public_id]))
    html = response.content.decode()
    assert html.count('class="photo-thumb"') == 200
    assert reverse("staff_photos:compare", args=[patient.public_id]) in html


def test_the_front_desk_sees_how_many_photos_and_no_image(client, session, frontdesk):
    PhotoFactory(booking=session)
    PhotoFactory(booking=session, phase="after")
    as_user(client, frontdesk)

    for url in (
        reverse("staff:patient", args=[session.patient.public_id]),
        reverse("staff:booking", args=[session.public_id]),
    ):
        html = client.get(url).content.decode()
        assert "2 photos on record" in html
        assert "/staff/photos/" not in html


def test_the_booking_page_offers_the_upload_with_the_previous_sessions_ghost(
    client, session, previous_session, provider_dana
):
    ghost = PhotoFactory(booking=previous_session, view="front")

    html = (
        as_user(client, provider_dana)
        .get(reverse("staff:booking", args=[session.public_id]))
        .content.decode()
    )

    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert 'id="photo-ghosts"' in html
    assert reverse("staff_photos:image", args=[ghost.public_id, "screen"]) in html

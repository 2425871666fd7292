"""Every look at a photo is an audit row naming the patient and the session: the session page,
the comparison page, each image's bytes, and the back office's list."""

from django.urls import reverse

from bookings.models import AuditEntry
from tests.factories import PhotoFactory, as_user


def _views(what: str):
    return AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, what=what)


def test_the_image_bytes_are_audited_with_patient_booking_and_copy(client, session, provider_dana):
    photo = PhotoFactory(booking=session, ready=True)

    as_user(client, provider_dana).get(
        reverse("staff_photos:image", args=[photo.public_id, "thumbnail"])
    )

    row = _views("clinical photo").get()
    assert (row.actor, row.patient, row.booking) == (provider_dana, session.patient, session)
    assert row.detail == {"photo": str(photo.public_id), "copy": "thumbnail"}


def test_the_session_page_and_the_comparison_page_are_audited(
    client, session, previous_session, manager
):
    PhotoFactory(booking=previous_session)
    PhotoFactory(booking=session, phase="after")
    as_user(client, manager)

    client.get(reverse("staff_photos:session", args=[session.public_id]))
    client.get(reverse("staff_photos:compare", args=[session.patient.public_id]))

    assert _views("session photos").get().booking == session
    comparison = _views("photo comparison").get()
    assert comparison.patient == session.patient
    assert len(comparison.detail["photos"]) == 2


def test_the_back_office_list_shows_no_image_and_is_audited(client, session, admin_user):
    PhotoFactory(booking=session)

    as_user(client, admin_user)

    response = client.get(reverse("admin:photos_photo_changelist"))

    assert response.status_code == 200
    assert "/staff/photos/" not in response.content.decode()
    assert "clinical/" not in response.content.decode()
    assert AuditEntry.objects.filter(action="view", actor=admin_user).exists()

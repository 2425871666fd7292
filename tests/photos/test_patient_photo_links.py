"""A patient sees their own photo through a signed link only while the clinic shows photos to
patients AND their photo consent allows it (their latest answer on the signed consent form);
otherwise the link answers 404 and says nothing."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from bookings.models import AuditEntry
from photos.links import PHOTO_LINK, patient_photos_for_timeline, photo_patient_path
from photos.selectors import photos_patient_may_see
from tests.factories import MONDAY, PhotoFactory, photo_consent_sign
from treatments.models import Clinic


@pytest.fixture
def shown(clinic):
    clinic_row = Clinic.objects.get()
    clinic_row.patients_see_photos = True
    clinic_row.save(update_fields=["patients_see_photos"])
    return clinic_row


def test_with_the_clinic_setting_and_consent_the_patient_sees_their_photo(client, session, shown):
    photo = PhotoFactory(booking=session, ready=True)

    response = client.get(photo_patient_path(photo))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    row = AuditEntry.objects.get(what="clinical photo, by the patient")
    assert (row.actor, row.patient) == (None, session.patient)


def test_with_the_clinic_setting_off_the_link_is_not_found(client, session):
    photo = PhotoFactory(booking=session)

    assert photos_patient_may_see(session.patient) is False
    assert client.get(photo_patient_path(photo)).status_code == 404


def test_after_a_later_no_to_photos_the_link_is_not_found(client, session, shown):
    photo = PhotoFactory(booking=session)
    assert client.get(photo_patient_path(photo)).status_code == 200
    photo_consent_sign(session, agreed=False, at=MONDAY - timedelta(days=1))

    assert client.get(photo_patient_path(photo)).status_code == 404
    assert patient_photos_for_timeline(session.patient, booking=session) == []


def test_a_patient_who_never_signed_a_photo_consent_sees_nothing(
    client, unconsented_session, shown
):
    photo = PhotoFactory(booking=unconsented_session)

    assert photos_patient_may_see(unconsented_session.patient) is False
    assert client.get(photo_patient_path(photo)).status_code == 404


def test_a_forged_or_altered_link_is_not_found(client, session, shown):
    photo = PhotoFactory(booking=session)
    forged = signing.dumps({"f": photo.public_id.hex}, salt="another-salt")
    garbled = signing.dumps({"f": "not-a-uuid"}, salt=PHOTO_LINK.salt)

    for token in (forged, garbled, "x"):
        url = reverse("photos:patient_photo", kwargs={"token": token})
        assert client.get(url).status_code == 404


def test_the_timeline_gets_the_sessions_photos_as_signed_links(session, shown):
    photo = PhotoFactory(booking=session, view="left_45")
    PhotoFactory(booking=session, view="front")

    links = patient_photos_for_timeline(session.patient, booking=session)

    assert [link.label for link in links] == ["Front, before", "Left 45°, before"]
    assert photo_patient_path(photo) in [link.url for link in links]

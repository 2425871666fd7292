"""A provider sees the photos of her own patients (anyone ever booked with her), whichever
colleague gave the session: the chart's rule, the clinic's one rule for the clinical record.
A provider who never treated the patient sees none of them."""

from django.urls import reverse

from bookings.models import AuditEntry
from charting.access import may_read_chart
from photos.access import may_see_session_photos
from tests.factories import SIX_WEEKS, BookingFactory, PhotoFactory, as_user


def _priyas_earlier_session(clinic, session):
    """Priya treated the patient once, six weeks before her session with Dana."""
    return BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.priya,
        start=session.start - SIX_WEEKS,
        status="completed",
        patient=session.patient,
    )


def test_the_rule_is_the_charts_own_patients_rule(clinic, session, provider_priya, manager):
    assert may_see_session_photos(provider_priya, session) is False
    assert may_read_chart(provider_priya, session) is False

    _priyas_earlier_session(clinic, session)

    for user in (provider_priya, manager):
        assert may_see_session_photos(user, session) is True
        assert may_read_chart(user, session) is True


def test_the_front_desk_never_sees_a_sessions_photos(session, frontdesk):
    assert may_see_session_photos(frontdesk, session) is False


def test_a_provider_opens_the_photos_of_her_patients_session_with_a_colleague(
    client, clinic, session, provider_priya
):
    _priyas_earlier_session(clinic, session)
    photo = PhotoFactory(booking=session, ready=True)
    url = reverse("staff_photos:session", args=[session.public_id])

    response = as_user(client, provider_priya).get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("staff_photos:image", args=[photo.public_id, "thumbnail"]) in html
    # Dana's session is not Priya's to open or to photograph: no link she would be refused.
    assert reverse("staff:booking", args=[session.public_id]) not in html
    assert reverse("staff:patient", args=[session.patient.public_id]) in html
    assert response.context["may_take"] is False
    screen = reverse("staff_photos:image", args=[photo.public_id, "screen"])
    assert client.get(screen).status_code == 200
    assert client.post(url, {"view": "front", "phase": "before"}).status_code == 403


def test_a_provider_who_never_treated_the_patient_is_refused_and_it_is_recorded(
    client, session, provider_priya
):
    PhotoFactory(booking=session)

    response = as_user(client, provider_priya).get(
        reverse("staff_photos:session", args=[session.public_id])
    )

    assert response.status_code == 403
    refusal = AuditEntry.objects.get(action="denied", actor=provider_priya)
    assert (refusal.what, refusal.booking) == ("session photos", session)

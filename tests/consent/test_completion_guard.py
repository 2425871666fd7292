"""A treatment session is not completed while its consent is unsigned; a manager may complete
it with a reason, which the audit log keeps."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.access import AccessDenied
from bookings.models import AuditEntry
from consent.models import FormRequest
from tests.factories import as_user, sign


def checked_in(booking):
    return services.booking_transition(booking=booking, to_status="checked_in", now=booking.start)


def complete(booking, user, **extra):
    return services.booking_complete(
        booking=booking, actor=user, treated_areas="Full face", now=booking.start, **extra
    )


def test_completion_is_refused_while_the_consent_is_unsigned(session_booked, provider_dana):
    booking = checked_in(session_booked)
    with pytest.raises(services.BookingError, match="HALO consent is not signed"):
        complete(booking, provider_dana)
    booking.refresh_from_db()
    assert booking.status == "checked_in"


def test_a_signed_consent_lets_the_provider_complete(forms, session_booked, provider_dana):
    _, consent = forms
    sign(FormRequest.objects.get(template=consent))
    booking = complete(checked_in(session_booked), provider_dana)
    assert booking.status == "completed"


def test_the_medical_history_alone_does_not_block_completion(forms, session_booked, provider_dana):
    _, consent = forms
    sign(FormRequest.objects.get(template=consent))
    assert FormRequest.objects.get(template=forms[0]).signed_at is None
    assert complete(checked_in(session_booked), provider_dana).status == "completed"


def test_a_manager_completes_unsigned_only_with_a_reason_which_is_audited(session_booked, manager):
    booking = checked_in(session_booked)
    with pytest.raises(services.BookingError, match="Give the reason"):
        complete(booking, manager)
    booking = complete(booking, manager, override_reason="Signed on paper at the desk")
    assert booking.status == "completed"
    entry = AuditEntry.objects.get(what="completed without signed consent")
    assert entry.actor == manager and entry.booking == booking
    assert entry.detail["reason"] == "Signed on paper at the desk"


def test_a_provider_giving_a_reason_is_still_refused(session_booked, provider_dana):
    booking = checked_in(session_booked)
    with pytest.raises(services.BookingError):
        complete(booking, provider_dana, override_reason="I say so")


def test_a_signature_that_will_have_expired_by_the_session_does_not_count(
    forms, session_booked, provider_dana
):
    _, consent = forms
    sign(FormRequest.objects.get(template=consent), now=session_booked.start - timedelta(days=400))
    with pytest.raises(services.BookingError):
        complete(checked_in(session_booked), provider_dana)


def test_the_booking_page_offers_the_reason_only_to_managers(
    client, session_booked, manager, provider_dana, frozen_monday
):
    checked_in(session_booked)
    frozen_monday.move_to(session_booked.start + timedelta(minutes=10))
    url = f"/staff/bookings/{session_booked.public_id}/"
    as_user(client, manager)
    assert b"Reason to complete without signed consent" in client.get(url).content
    as_user(client, provider_dana)
    page = client.get(url)
    assert b"Complete and record the session" in page.content
    assert b"Reason to complete without signed consent" not in page.content
    response = client.post(
        f"/staff/bookings/{session_booked.public_id}/status/",
        {"to": "completed", "treated_areas": "Face", "override_reason": "sneaky"},
    )
    assert response.status_code == 302
    session_booked.refresh_from_db()
    assert session_booked.status == "checked_in"


def test_the_front_desk_cannot_complete_at_all(session_booked, frontdesk):
    with pytest.raises(AccessDenied):
        complete(checked_in(session_booked), frontdesk, override_reason="x")

"""The service itself (not only the page) refuses a photo from the front desk and from a
provider whose session it is not, and records the refusal."""

import pytest

from bookings.access import AccessDenied
from bookings.models import AuditEntry
from photos import images, services
from photos.models import Photo
from tests.factories import image_bytes


def _photo_add(actor, booking):
    return services.photo_add(
        actor=actor,
        booking=booking,
        image=images.CleanPhoto(image_bytes(), 64, 48),
        view="front",
        phase="before",
    )


@pytest.mark.parametrize("who", ["frontdesk", "provider_priya"])
def test_the_front_desk_and_another_provider_are_refused_by_the_service(request, session, who):
    user = request.getfixturevalue(who)

    with pytest.raises(AccessDenied):
        _photo_add(user, session)

    assert Photo.objects.count() == 0
    refusal = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (refusal.actor, refusal.what, refusal.booking) == (user, "take clinical photo", session)


def test_the_sessions_provider_and_a_manager_may(session, provider_dana, manager):
    for user in (provider_dana, manager):
        _photo_add(user, session)

    assert Photo.objects.filter(booking=session).count() == 2


@pytest.mark.parametrize("status", ["requested", "cancelled", "no_show"])
def test_a_session_that_is_not_booked_or_did_not_happen_takes_no_photos(session, manager, status):
    session.status = status
    session.save(update_fields=["status"])

    with pytest.raises(services.PhotoError, match="treatment session that is booked or done"):
        _photo_add(manager, session)
    assert Photo.objects.count() == 0

from datetime import timedelta

import pytest

from tests.bookings.conftest import (  # noqa: F401  (fixtures shared with the booking tests)
    MONDAY,
    booking_make,
    clinic,
    frontdesk,
    manager,
    provider_dana,
    staff_user,
)

SIX_WEEKS = timedelta(weeks=6)


@pytest.fixture
def session(clinic):  # noqa: F811
    """Dana's HALO session today, the patient checked in."""
    return booking_make(
        clinic,
        clinic.dana,
        MONDAY,
        appointment_type=clinic.halo_session,
        status="checked_in",
        email="ana@example.com",
    )


@pytest.fixture
def previous_session(clinic, session):  # noqa: F811
    """The same patient's HALO session six weeks earlier, done."""
    return booking_make(
        clinic,
        clinic.dana,
        MONDAY - SIX_WEEKS,
        appointment_type=clinic.halo_session,
        status="completed",
        email="ana@example.com",
    )


@pytest.fixture
def provider_priya(clinic):  # noqa: F811
    """Another provider, with patients of her own (not Ana)."""
    user = staff_user("priya", "Provider")
    clinic.priya.user = user
    clinic.priya.save(update_fields=["user"])
    return user

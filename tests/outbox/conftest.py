from tests.bookings.conftest import (  # noqa: F401  (fixtures shared with the booking tests)
    clinic,
    frontdesk,
    frozen_monday,
    manager,
    provider_dana,
)

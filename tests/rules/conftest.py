"""The rule tests reuse the booking and aftercare fixtures; nothing is defined twice."""

from tests.aftercare.conftest import consulted_patient, plan  # noqa: F401
from tests.bookings.conftest import (  # noqa: F401
    clinic,
    frontdesk,
    frozen_monday,
    manager,
    provider_dana,
)

"""What the charting tests share: the bookings tests' clinic (HALO, Dana and Priya, the
roles), a HALO device with two settings, three areas, and treatment sessions laid straight
into the table."""

from datetime import UTC, datetime, timedelta

import pytest

from bookings.models import Booking
from charting import services
from charting.models import Device, DeviceSetting
from tests.bookings.conftest import (  # noqa: F401  (fixtures used by this folder's tests)
    as_user,
    clinic,
    frontdesk,
    manager,
    provider_dana,
    staff_user,
)
from tests.factories import AreaFactory, PatientFactory

FIRST_SESSION = datetime(2027, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def halo_device(clinic):  # noqa: F811
    device = Device.objects.create(name="HALO hybrid fractional laser")
    device.treatments.add(clinic.halo)
    DeviceSetting.objects.create(
        device=device,
        key="coverage",
        label="Ablative coverage",
        unit="%",
        min_value=0,
        max_value=60,
        position=1,
    )
    DeviceSetting.objects.create(
        device=device, key="passes", label="Passes", min_value=1, max_value=12, position=2
    )
    return device


@pytest.fixture
def areas(db):
    return [
        AreaFactory(name=name, position=i) for i, name in enumerate(["Full face", "Neck", "Chest"])
    ]


@pytest.fixture
def patient(clinic):  # noqa: F811
    return PatientFactory()


def session_lay(setup, *, patient, provider, start, status=Booking.Status.CHECKED_IN) -> Booking:
    """A HALO session of `setup` (the clinic fixture) written straight to the table (its
    status history does not matter here)."""
    kind = setup.halo_session
    return Booking.objects.create(
        patient=patient,
        provider=provider,
        appointment_type=kind,
        treatment=setup.halo,
        resource=kind.resource,
        start=start,
        end=start + kind.duration,
        blocked_until=start + kind.blocked,
        status=status,
        source=Booking.Source.PHONE,
    )


def details(device, areas, *, coverage="20", passes="4", **extra) -> services.ChartDetails:
    return services.ChartDetails(
        device=device,
        areas=list(areas),
        settings={a.pk: {"coverage": coverage, "passes": passes} for a in areas},
        skin_type=extra.pop("skin_type", "III"),
        **extra,
    )


@pytest.fixture
def first_session(clinic, patient, provider_dana):  # noqa: F811
    return session_lay(
        clinic,
        patient=patient,
        provider=clinic.dana,
        start=FIRST_SESSION,
        status=Booking.Status.COMPLETED,
    )


@pytest.fixture
def signed_chart(first_session, halo_device, areas, provider_dana):  # noqa: F811
    """The first session's chart, full face and neck at 20 % and 4 passes, signed off."""
    return services.chart_save(
        booking=first_session,
        actor=provider_dana,
        details=details(halo_device, areas[:2], erythema=2),
        sign_off=True,
    )


@pytest.fixture
def next_session(clinic, patient, first_session):  # noqa: F811
    return session_lay(
        clinic, patient=patient, provider=clinic.dana, start=FIRST_SESSION + timedelta(weeks=4)
    )

from dataclasses import dataclass
from datetime import UTC, datetime, time

import pytest
import time_machine

from bookings.models import AppointmentType, Provider, Resource, WorkingHours
from bookings.services import PatientDetails
from tests.factories import ClinicFactory, TreatmentFactory

# A Monday in an ordinary week (no DST change near it); the clinic is in America/Chicago.
MONDAY = datetime(2027, 4, 12, 14, 0, tzinfo=UTC)  # 9:00 local


@dataclass
class Clinic:
    halo: object
    consultation: object
    halo_session: object
    device: object
    dana: object
    priya: object


def make_provider(name: str, treatments, hours=((0, "09:00", "17:00"),), **extra) -> Provider:
    provider = Provider.objects.create(display_name=name, **extra)
    provider.treatments.set(treatments)
    for weekday, start, end in hours:
        WorkingHours.objects.create(
            provider=provider,
            weekday=weekday,
            start=time.fromisoformat(start),
            end=time.fromisoformat(end),
        )
    return provider


@pytest.fixture
def clinic(db):
    ClinicFactory(name="Test Skin Clinic", phone="(312) 555-0100", email="clinic@example.com")
    halo = TreatmentFactory(name="HALO", slug="halo", recommended_sessions=3)
    device = Resource.objects.create(name="HALO laser")
    consultation = AppointmentType.objects.create(
        name="Free consultation",
        slug="free-consultation",
        kind="consultation",
        duration_minutes=30,
        buffer_after_minutes=10,
        is_bookable_online=True,
        min_notice_minutes=120,
        horizon_days=60,
    )
    halo_session = AppointmentType.objects.create(
        name="HALO session",
        slug="halo-session",
        kind="treatment",
        treatment=halo,
        resource=device,
        duration_minutes=90,
        buffer_after_minutes=15,
    )
    dana = make_provider("Dana", [halo], position=1)
    priya = make_provider("Priya", [halo], position=2)
    return Clinic(halo, consultation, halo_session, device, dana, priya)


@pytest.fixture
def frozen_monday():
    # Sunday evening before MONDAY: the whole Monday is bookable past the 2-hour notice.
    with time_machine.travel(datetime(2027, 4, 11, 23, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def details(email: str = "ana@example.com", **extra) -> PatientDetails:
    return PatientDetails(
        first_name=extra.pop("first_name", "Ana"),
        last_name="Patient",
        email=email,
        phone=extra.pop("phone", "(312) 555-0111"),
        **extra,
    )


def staff_user(username: str, role: str | None, **extra):
    from django.contrib.auth.models import Group

    from tests.factories import StaffUserFactory

    user = StaffUserFactory(username=username, is_staff=False, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def frontdesk(clinic):
    return staff_user("desk", "Front desk")


@pytest.fixture
def manager(clinic):
    return staff_user("boss", "Manager")


@pytest.fixture
def provider_dana(clinic):
    user = staff_user("dana", "Provider")
    clinic.dana.user = user
    clinic.dana.save(update_fields=["user"])
    return user


@pytest.fixture
def nobody(clinic):
    return staff_user("nobody", None)


def as_user(client, user):
    client.force_login(user)
    return client


def booking_make(clinic, provider, start, appointment_type=None, status="confirmed", email=None):
    """A booking written straight to the table (no service rules), for laying out a day."""
    from bookings.models import Booking, Patient

    kind = appointment_type or clinic.consultation
    email = email or f"p{Patient.objects.count()}@example.com"
    patient, _ = Patient.objects.get_or_create(
        email=email, defaults={"first_name": "Pat", "last_name": email.split("@")[0], "phone": "1"}
    )
    return Booking.objects.create(
        patient=patient,
        provider=provider,
        appointment_type=kind,
        treatment=clinic.halo,
        resource=kind.resource,
        start=start,
        end=start + kind.duration,
        blocked_until=start + kind.blocked,
        status=status,
        source="phone",
    )

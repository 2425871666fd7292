"""Real concurrent requests against PostgreSQL: each thread has its own connection, and all
of them are released at once."""

import threading

import pytest
from django.db import connection

from bookings import services
from bookings.models import Booking
from tests.factories import MONDAY, patient_details

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 20


def _race(attempt) -> list:
    barrier = threading.Barrier(RACERS)
    outcomes: list = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = attempt(index)
        except services.SlotTaken:
            result = "taken"
        except Exception as error:
            result = error
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_twenty_patients_racing_for_one_slot_get_one_booking(clinic, frozen_monday):
    def attempt(index):
        return services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY,
            provider=clinic.dana,
            patient_details=patient_details(f"p{index}@example.com"),
            source="online",
        )

    outcomes = _race(attempt)

    assert [o for o in outcomes if not isinstance(o, Booking | str)] == []
    assert sum(isinstance(o, Booking) for o in outcomes) == 1
    assert outcomes.count("taken") == RACERS - 1
    assert Booking.objects.filter(provider=clinic.dana, start=MONDAY).count() == 1


def test_the_shared_device_is_held_once_across_two_providers(clinic, frozen_monday):
    from treatments.models import Treatment

    # About the device, not the consultation-first rule: these racers are all new patients.
    Treatment.objects.filter(pk=clinic.halo.pk).update(requires_consultation=False)
    clinic.halo.refresh_from_db()
    providers = [clinic.dana, clinic.priya]

    def attempt(index):
        return services.booking_create(
            appointment_type=clinic.halo_session,
            treatment=clinic.halo,
            start=MONDAY,
            provider=providers[index % 2],
            patient_details=patient_details(f"p{index}@example.com"),
            source="phone",
            online=False,
        )

    outcomes = _race(attempt)

    assert [o for o in outcomes if not isinstance(o, Booking | str)] == []
    assert sum(isinstance(o, Booking) for o in outcomes) == 1
    assert Booking.objects.filter(resource=clinic.device).count() == 1


def test_any_provider_racers_fill_every_provider_then_stop(clinic, frozen_monday):
    def attempt(index):
        return services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY,
            patient_details=patient_details(f"p{index}@example.com"),
            source="online",
        )

    outcomes = _race(attempt)

    booked = [o for o in outcomes if isinstance(o, Booking)]
    assert len(booked) == 2  # Dana and Priya are both free at 9:00, and nobody else is
    assert {b.provider_id for b in booked} == {clinic.dana.pk, clinic.priya.pk}


def test_the_database_itself_refuses_an_overlap_that_skips_the_services(clinic, frozen_monday):
    from django.db import IntegrityError, transaction

    first = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            patient=first.patient,
            provider=clinic.dana,
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=first.start,
            end=first.end,
            blocked_until=first.blocked_until,
            source="phone",
        )

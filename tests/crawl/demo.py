"""The lived-in demo plus a busy day, and one logged-in client per role, for the crawls, the
fuzz and the crawl's benchmark. Loaded the way `make run` loads it (load_demo under DEBUG), so
the crawl walks the same data a newcomer sees. The `demo` fixture (tests/conftest.py) calls
`demo_load`."""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from bookings import selectors, services
from bookings.demo_day import demo_day_choose
from bookings.models import AppointmentType, Booking, Provider
from tests.factories import as_user

ROLES = ["anonymous", "no role", "front desk", "provider", "manager"]
# The demo logins (medspa/management/commands/load_demo.py) by role; "no role" is made here.
USERNAMES = {"front desk": "frontdesk", "provider": "dana", "manager": "manager"}
BUSY_DAY_EXTRA = 24


@dataclass
class Demo:
    day: object
    dana: Provider


def busy_day_fill(*, day, desk) -> int:
    """Every provider's free consultation times on the demo day, booked by phone for new
    callers, until the day is full or BUSY_DAY_EXTRA are booked."""
    consultation = AppointmentType.objects.get(slug="free-consultation")
    made = 0
    for provider in Provider.objects.filter(is_active=True):
        treatment = provider.treatments.first()
        slots = selectors.slots_available(
            appointment_type=consultation,
            treatment=treatment,
            start_date=day,
            end_date=day,
            provider=provider,
            online=False,
        ).get(day, [])
        for slot in slots[::3]:
            if made >= BUSY_DAY_EXTRA:
                return made
            details = services.PatientDetails(
                first_name="Caller",
                last_name=f"Number {made + 1}",
                email=f"caller{made + 1}@example.com",
                phone=f"(312) 555-01{made + 50:02d}",
            )
            try:
                services.booking_create(
                    appointment_type=consultation,
                    treatment=treatment,
                    start=slot.start,
                    patient_details=details,
                    provider=provider,
                    source=Booking.Source.PHONE,
                    actor=desk,
                    online=False,
                )
            except services.BookingError:
                continue
            made += 1
    return made


def demo_load() -> Demo:
    """load_demo as under `make run` (DEBUG on, so the demo logins exist), then a busy day."""
    from django.test.utils import override_settings

    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    day = demo_day_choose(today=timezone.localdate())
    desk = get_user_model().objects.get(username="frontdesk")
    busy_day_fill(day=day, desk=desk)
    return Demo(day=day, dana=Provider.objects.get(user__username="dana"))


def role_client(role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user_model = get_user_model()
    if role == "no role":
        user, _ = user_model.objects.get_or_create(username="nobody")
    else:
        user = user_model.objects.get(username=USERNAMES[role])
    as_user(client, user)
    return client

"""A real Chromium (Debian's, never a downloaded build) driven by Playwright, and what the
staff journeys share: a fixed Tuesday morning, logins by role, and a day laid out by hand."""

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 800}

# Tuesday 13 April 2027, 10:00 in Chicago: Dana (9-1, 2-6) and Priya (9-6) work, Marcus
# does not, and most of the day is still to come.
TUESDAY = date(2027, 4, 13)
TUESDAY_10AM = datetime(2027, 4, 13, 15, 0, tzinfo=UTC)
STAFF_PASSWORD = "a-long-staff-password"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise pytest.UsageError(
            f"No Chromium at {CHROMIUM}. Install Debian's: apt-get install chromium"
        )
    if not AXE.exists():
        raise pytest.UsageError("axe-core is missing: run `make test` (it runs npm ci).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def csp_watch(context) -> list[str]:
    """What the browser refused under the Content-Security-Policy in this context: Chromium
    reports each refusal (an inline style, a script) as a console error."""
    refused: list[str] = []
    context.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    refused = csp_watch(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert refused == [], "the page broke its Content-Security-Policy"


@pytest.fixture
def page_sized(browser):
    """A fresh browser page at the given viewport (its own cookies), closed afterwards."""
    contexts = []

    def open_page(viewport: dict, **options):
        context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
        context.refused = csp_watch(context)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    refused = []
    for context in contexts:
        refused += context.refused
        context.close()
    assert refused == [], "a page broke its Content-Security-Policy"


@pytest.fixture
def tuesday_morning():
    # tick=True: the clock runs on from 10:00, so "now" moves as the journey clicks.
    with time_machine.travel(TUESDAY_10AM, tick=True) as traveller:
        yield traveller


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Runs axe-core on the page and returns the violations of the given impacts."""
    # A control just clicked may still be fading to its new colours (Bootstrap's buttons ease
    # over .15 s): axe would measure the contrast halfway. Wait for every running transition.
    # (Only those that end: a looping one, a spinner, never finishes.)
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".map((a) => a.finished))"
    )
    # Evaluated through the browser's debugging protocol, not added as a <script>: the page's
    # Content-Security-Policy (rightly) refuses inline scripts.
    page.evaluate(f"() => {{ {AXE.read_text()}\n}}")
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def staff_member(username: str, role: str, *, provider_name: str = ""):
    """A login in one of the role groups; with `provider_name`, linked to that provider as
    the demo links its provider logins (Provider.user)."""
    from django.contrib.auth.models import Group

    from bookings.models import Provider
    from tests.factories import StaffUserFactory

    user = StaffUserFactory(username=username, is_staff=False, password=STAFF_PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    if provider_name:
        Provider.objects.filter(display_name=provider_name).update(user=user)
    return user


def staff_log_in(page, live_server, username: str) -> None:
    """Logs in through the login form, as a person does, from the staff home address."""
    page.goto(live_server.url + "/staff/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/staff/schedule/")


def patient_make(first: str, last: str):
    from bookings.models import Patient, phone_digits

    number = 200 + Patient.objects.count()
    phone = f"(312) 555-{number:04d}"
    return Patient.objects.create(
        first_name=first,
        last_name=last,
        email=f"{first}.{last}@example.com".lower(),
        phone=phone,
        phone_digits=phone_digits(phone),
    )


def booking_lay(
    *,
    patient,
    provider: str,
    at: str,
    kind: str = "free-consultation",
    treatment: str = "halo",
    day: date = TUESDAY,
    status: str = "confirmed",
):
    """A booking written straight to the table (with its status history), for laying out a
    day that has partly happened already; the journeys then change it through the pages."""
    from django.utils import timezone

    from bookings.models import AppointmentType, Booking, BookingStatusChange, Provider
    from bookings.selectors import clinic_zone
    from treatments.models import Treatment

    appointment_type = AppointmentType.objects.get(slug=kind)
    start = datetime.combine(day, time.fromisoformat(at), tzinfo=clinic_zone())
    booking = Booking.objects.create(
        patient=patient,
        provider=Provider.objects.get(display_name=provider),
        appointment_type=appointment_type,
        treatment=appointment_type.treatment or Treatment.objects.get(slug=treatment),
        resource_id=appointment_type.resource_id,
        start=start,
        end=start + appointment_type.duration,
        blocked_until=start + appointment_type.blocked,
        status=Booking.Status.CONFIRMED,
        source=Booking.Source.PHONE,
    )
    BookingStatusChange.objects.create(
        booking=booking, to_status="confirmed", changed_at=start - timedelta(days=7)
    )
    path = {"confirmed": [], "checked_in": ["checked_in"], "completed": ["checked_in", "completed"]}
    for to_status in path[status]:
        BookingStatusChange.objects.create(
            booking=booking,
            from_status=booking.status,
            to_status=to_status,
            changed_at=min(start, timezone.now()),
        )
        booking.status = to_status
    booking.save(update_fields=["status"])
    return booking

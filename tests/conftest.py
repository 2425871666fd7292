"""Every shared fixture of the suite, and a loud stop when PostgreSQL or Redis is not there.

The suite runs against the real services: a missing one is a set-up problem to fix, never a
reason to skip tests quietly. Factories, and the fixed days the fixtures stand on, are in
tests/factories.py; a fixture used by one module only stays in that module.
"""

import os
import socket
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
import time_machine
from django.conf import settings

from tests.factories import (
    FIRST_SESSION,
    MONDAY,
    NEXT_MONDAY,
    QUESTIONS,
    SIX_WEEKS,
    SUNDAY_EVENING,
    TUESDAY_10AM,
    AreaFactory,
    BookingFactory,
    ClinicFactory,
    ClinicSetup,
    PatientFactory,
    TreatmentFactory,
    booking_book,
    chart_details,
    halo_session,
    patient_details,
    photo_consent_sign,
    provider_make,
    staff_user,
)

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the browser
# tests make around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

START_COMMANDS = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": (
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
        "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
    ),
}


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def pytest_configure(config: pytest.Config) -> None:
    database = settings.DATABASES["default"]
    broker = urlparse(settings.CELERY_BROKER_URL)
    needed = {
        "PostgreSQL": (database.get("HOST") or "127.0.0.1", int(database.get("PORT") or 5432)),
        "Redis": (broker.hostname or "127.0.0.1", broker.port or 6379),
    }
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError(
            f"The test suite runs on PostgreSQL; DATABASE_URL points at {database['ENGINE']}."
        )
    missing = [name for name, (host, port) in needed.items() if not _reachable(host, port)]
    if missing:
        lines = [f"Cannot reach {', '.join(missing)}; the test suite needs it running."]
        for name in missing:
            host, port = needed[name]
            lines.append(f"  {name} at {host}:{port}. Start it with:\n    {START_COMMANDS[name]}")
        raise pytest.UsageError("\n".join(lines))
    _flush_by_delete()


def _flush_by_delete() -> None:
    """Empties the tables after a test that needed real commits (`transaction=True`, the
    browser journeys, the races) with DELETE instead of Django's TRUNCATE: TRUNCATE makes new
    files for each of the ~60 tables and their indexes and takes 0.3 s, while deleting the few
    rows a test leaves takes 0.02 s. The append-only triggers (audit log, signed charts and
    forms) refuse DELETE, and TRUNCATE never fires them: `session_replication_role = replica`,
    for this transaction only, leaves them and the foreign-key checks out of the wipe, as
    TRUNCATE does. Sequences are not reset, as TRUNCATE without RESTART IDENTITY."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET LOCAL session_replication_role = replica"] + [
            f"DELETE FROM {self.quote_name(table)}" for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Pages, their content version and the rate-limit counters live in caches; each test
    # starts with them empty.
    from django.core.cache import caches

    from treatments import caching

    def clear():
        for alias in ("default", "pages"):
            caches[alias].clear()
        caching._seen["version"] = 0

    clear()
    yield
    clear()


@pytest.fixture
def demo_clinic(db):
    """The demo clinic, its treatments, providers and appointment types, as `make run` loads
    them."""
    from aftercare.demo import aftercare_demo_load
    from bookings.demo import bookings_demo_load
    from treatments.demo import treatments_demo_load
    from treatments.models import Clinic

    treatments_demo_load()
    bookings_demo_load()
    aftercare_demo_load()
    return Clinic.objects.get()


# -- the clinic the unit tests stand on --------------------------------------------------------


@pytest.fixture
def clinic(db) -> ClinicSetup:
    """HALO with its device, a free consultation and a HALO session, Dana and Priya working
    Mondays 9-17 (tests/factories.py ClinicSetup)."""
    from bookings.models import AppointmentType, Resource

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
    halo_session_type = AppointmentType.objects.create(
        name="HALO session",
        slug="halo-session",
        kind="treatment",
        treatment=halo,
        resource=device,
        duration_minutes=90,
        buffer_after_minutes=15,
    )
    dana = provider_make("Dana", [halo], position=1)
    priya = provider_make("Priya", [halo], position=2)
    return ClinicSetup(halo, consultation, halo_session_type, device, dana, priya)


@pytest.fixture
def frozen_monday():
    """The clock stopped on the Sunday evening before MONDAY: the whole Monday is bookable
    past the 2-hour notice. `frozen_monday.move_to(...)` moves it."""
    with time_machine.travel(SUNDAY_EVENING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def frontdesk(clinic):
    return staff_user("desk", "Front desk")


@pytest.fixture
def manager(clinic):
    return staff_user("boss", "Manager")


@pytest.fixture
def provider_dana(clinic):
    return staff_user("dana", "Provider", provider=clinic.dana)


@pytest.fixture
def provider_priya(clinic):
    """Another provider, with patients of her own."""
    return staff_user("priya", "Provider", provider=clinic.priya)


@pytest.fixture
def nobody(clinic):
    return staff_user("nobody", None)


@pytest.fixture
def rate_limit_lifted(settings):
    """The public booking form's rate limit out of the way, for tests that post it many times
    from one address (the limit itself has tests of its own)."""
    settings.BOOKING_RATE_LIMIT = "1000/h"


# -- aftercare -------------------------------------------------------------------------------


@pytest.fixture
def plan(clinic):
    """A HALO care plan: a step before, one on the day, a daily sunscreen reminder to day 14,
    a page-only step, and steps that quiet hours and late evenings move."""
    from datetime import time

    from aftercare.models import CarePlan, CareStep

    plan = CarePlan.objects.create(treatment=clinic.halo, name="HALO aftercare", healing_days=14)
    steps = [
        (-14, "Stop retinoids", "skin_care", True, time(9), None, None),
        (0, "Tonight", "expectation", True, time(18), None, None),
        (1, "Sunscreen", "sunscreen", True, time(8, 30), 1, 14),
        (2, "MENDS", "expectation", False, time(9), None, None),
        (4, "Flaking", "expectation", True, time(9), None, None),
        (5, "Late evening", "skin_care", True, time(22, 30), None, None),
    ]
    for index, (day, title, kind, email, at, every, until) in enumerate(steps):
        CareStep.objects.create(
            plan=plan,
            day_offset=day,
            title=title,
            what_to_do=f"Do: {title}",
            kind=kind,
            sends_email=email,
            send_time=at,
            repeat_every_days=every,
            repeat_until_day=until,
            position=index,
        )
    return plan


def _consultation_done(clinic, frozen_monday):
    """A consultation booked online for MONDAY, checked in and completed on its own day; the
    clock is left just after it started."""
    from bookings import services

    consultation = booking_book(clinic)
    frozen_monday.move_to(MONDAY + timedelta(minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    return consultation


@pytest.fixture
def consulted_patient(clinic, frozen_monday):
    """A patient who had her consultation (so laser sessions are open to her), with the clock
    back on the Sunday evening the tests start from."""
    consultation = _consultation_done(clinic, frozen_monday)
    frozen_monday.move_to(SUNDAY_EVENING)
    return consultation.patient


# -- the clinical record ---------------------------------------------------------------------


@pytest.fixture
def forms(clinic):
    """The medical history (QUESTIONS) and HALO's consent with a photo question, published."""
    from consent import services
    from consent.models import FormKind, FormTemplate

    intake = FormTemplate.objects.create(
        kind=FormKind.INTAKE, title="Medical history", body="## Why\nWe ask.", questions=QUESTIONS
    )
    consent = FormTemplate.objects.create(
        kind=FormKind.CONSENT,
        treatment=clinic.halo,
        title="HALO consent",
        body="## Risks\n- Redness\n- Pigment change\n\nI agree.",
        asks_photo_release=True,
        photo_release_text="Photos may be kept in my record.",
    )
    services.form_version_publish(template=intake)
    services.form_version_publish(template=consent)
    return intake, consent


@pytest.fixture
def session_booked(clinic, forms, frozen_monday):
    """A HALO session a week ahead for a patient who had her consultation (forms asked); the
    clock is left on MONDAY."""
    consultation = _consultation_done(clinic, frozen_monday)
    return halo_session(clinic, consultation.patient, MONDAY + timedelta(days=7))


@pytest.fixture
def halo_device(clinic):
    """The HALO device of the charting catalogue, with two settings."""
    from charting.models import Device, DeviceSetting

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
def booking(clinic, frozen_monday):
    """A free consultation with Dana at 9:00 on NEXT_MONDAY, booked online through the
    service (its messages queued): a week ahead, so the patient may still change it online. A
    module that needs another booking under this name defines its own."""
    from bookings import services

    return services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=NEXT_MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )


@pytest.fixture
def patient(clinic):
    return PatientFactory()


@pytest.fixture
def first_session(clinic, patient, provider_dana):
    """The patient's first HALO session with Dana, done."""
    return BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=FIRST_SESSION,
        patient=patient,
        status="completed",
    )


@pytest.fixture
def signed_chart(first_session, halo_device, areas, provider_dana):
    """The first session's chart, full face and neck at 20 % and 4 passes, signed off."""
    from charting import services

    return services.chart_save(
        booking=first_session,
        actor=provider_dana,
        details=chart_details(halo_device, areas[:2], erythema=2),
        sign_off=True,
    )


@pytest.fixture
def next_session(clinic, patient, first_session):
    """Her next HALO session, four weeks later, checked in."""
    return BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=FIRST_SESSION + timedelta(weeks=4),
        patient=patient,
        status="checked_in",
    )


@pytest.fixture
def unconsented_session(clinic):
    """Dana's HALO session on MONDAY, the patient (ana@example.com) checked in, no consent
    form signed yet."""
    return BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=MONDAY,
        status="checked_in",
        email="ana@example.com",
    )


@pytest.fixture
def session(unconsented_session):
    """The same session, the patient having agreed to photos on the HALO consent form."""
    photo_consent_sign(unconsented_session, agreed=True, at=MONDAY - timedelta(days=2))
    return unconsented_session


@pytest.fixture
def previous_session(clinic, session):
    """The same patient's HALO session six weeks earlier, done."""
    return BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=MONDAY - SIX_WEEKS,
        status="completed",
        email="ana@example.com",
    )


# -- the lived-in demo -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def _demo_for_the_module(django_db_setup, django_db_blocker):
    """The demo for all the tests of a module, in a transaction rolled back after its last
    test there; each test's own transaction nests inside it (a savepoint), so what one test
    changes is gone before the next. It is loaded once per worker (6-7 s) and copied back for
    each later module (tests/crawl/demo.py demo_for_a_module). pytest ends a module's fixtures
    before a test of another module runs, so no other test ever sees the demo."""
    from django.db import transaction

    from tests.crawl.demo import demo_for_a_module

    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_for_a_module()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_the_module, db):
    """The demo as `make run` loads it, plus a busy day, for the crawls and the fuzz
    (tests/crawl/demo.py), loaded once per module. Mark a module that uses it with
    `pytest.mark.xdist_group(...)`, so that one worker runs its tests and loads it once."""
    return _demo_for_the_module


# -- the laptop's SQLite default -------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_migrated(tmp_path_factory) -> Path:
    """A SQLite file with every migration applied, made once per worker by `manage.py
    migrate` in a process of its own; tests copy it (tests/sqlite_template.py)."""
    from tests.sqlite_template import sqlite_template_make

    return sqlite_template_make(tmp_path_factory.getbasetemp())


# -- a real Chromium (Debian's, never a downloaded build) driven by Playwright --------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser.pages import AXE, CHROMIUM, CHROMIUM_FLAGS

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


@pytest.fixture
def phone_page(browser):
    """A page at 390 px on a touch phone; the test fails if the page broke its CSP."""
    from tests.browser.pages import PHONE, csp_watch

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    refused = csp_watch(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert refused == [], "the page broke its Content-Security-Policy"


@pytest.fixture
def page_sized(browser):
    """Opens a fresh browser page at the given viewport (its own cookies), closed afterwards;
    the test fails if any of them broke its CSP."""
    from tests.browser.pages import csp_watch

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
    """10:00 on TUESDAY, the clock running on (tick=True), so "now" moves as a journey
    clicks."""
    with time_machine.travel(TUESDAY_10AM, tick=True) as traveller:
        yield traveller

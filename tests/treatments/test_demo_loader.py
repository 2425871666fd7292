import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from aftercare.models import Concern, Course, Reminder
from bookings.demo_day import demo_day_choose
from bookings.models import Booking, BookingStatusChange, Patient, TimeOff, TreatmentSession
from consent.models import FormSubmission
from tests.factories import as_user
from treatments.models import FAQ, Clinic, OpeningHours, Treatment

pytestmark = pytest.mark.django_db

LIVED_IN = [
    Patient,
    Booking,
    BookingStatusChange,
    TimeOff,
    TreatmentSession,
    Course,
    Reminder,
    Concern,
]


def _snapshot() -> list:
    return [
        list(Clinic.objects.values()),
        list(OpeningHours.objects.order_by("pk").values()),
        list(Treatment.objects.order_by("pk").values()),
        list(FAQ.objects.order_by("pk").values()),
        list(get_user_model().objects.order_by("pk").values()),
        *[list(model.objects.order_by("pk").values()) for model in LIVED_IN],
    ]


# Each of these loads the demo itself: in production mode, twice, or on another day.


def test_the_demo_loader_never_overwrites_the_clinics_own_edits(settings):
    call_command("load_demo")
    Treatment.objects.filter(slug="halo").update(summary="Our own words.")

    call_command("load_demo")

    assert Treatment.objects.get(slug="halo").summary == "Our own words."


def test_no_demo_login_and_no_invented_patient_is_created_in_production(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo")

    assert not get_user_model().objects.exists()
    assert not Patient.objects.exists() and not Booking.objects.exists()
    out = capsys.readouterr().out
    assert "no demo staff login" in out
    assert "refusing to add the demo's invented patients" in out
    assert "--force-demo-patients" in out


def test_forcing_the_demo_patients_without_debug_still_creates_no_login(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo", "--force-demo-patients")

    assert Patient.objects.count() == 40
    assert Booking.objects.exists()
    assert not get_user_model().objects.exists()


def test_the_demo_is_placed_relative_to_the_day_it_is_loaded(settings, capsys):
    settings.DEBUG = True
    with time_machine.travel(datetime(2027, 4, 14, 15, 0, tzinfo=UTC), tick=False):  # Wednesday
        call_command("load_demo")
        today = timezone.localdate()
        first = (
            Booking.objects.order_by("-start")
            .first()
            .start.astimezone(timezone.get_current_timezone())
        )

    assert today.isoformat() == "2027-04-14"
    assert today < first.date() <= today + timedelta(days=21)
    halo = TreatmentSession.objects.filter(treatment__slug="halo").order_by("-performed_on")
    assert [s.performed_on.isoformat() for s in halo] == [
        "2027-04-13",
        "2027-04-10",
        "2027-04-03",
        "2027-03-06",
    ]


# One load under DEBUG takes 5-7 s (most of it booking 53 visits through the real services,
# each with its emails and calendar file); these tests only look at what it made, so they
# share one. One worker runs them all, so that under xdist the load happens once.
@pytest.mark.xdist_group("demo_loaded_under_debug")
class TestTheDemoLoadedUnderDebug:
    @pytest.fixture(scope="class")
    @classmethod
    def demo_output(cls, django_db_setup, django_db_blocker):
        """Runs `load_demo` under DEBUG once, in a transaction that is rolled back after the
        last test of this class; each test's own transaction nests inside it (a savepoint),
        so what one test changes is gone before the next. Returns what it printed.

        A class rather than the module: the module's other tests need a database without the
        demo, and a class's fixture ends with the class, whatever order the tests run in."""
        out = io.StringIO()
        with django_db_blocker.unblock(), transaction.atomic():
            with override_settings(DEBUG=True):
                call_command("load_demo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)

    def test_demo_loads_a_clinic_and_three_published_treatments_with_faqs(self, demo_output):
        assert Clinic.objects.get().name == "Willowmere Skin & Laser"
        assert OpeningHours.objects.count() > 0
        slugs = set(Treatment.objects.published().values_list("slug", flat=True))
        assert slugs == {"halo", "laser-toning", "laser-resurfacing"}
        for treatment in Treatment.objects.all():
            assert treatment.faqs.count() >= 5, treatment.slug
            assert treatment.after_your_session.strip(), treatment.slug
        assert Treatment.objects.get(slug="halo").recommended_sessions == 3

    def test_running_the_demo_loader_twice_changes_nothing(self, demo_output, settings, capsys):
        settings.DEBUG = True
        before = _snapshot()

        call_command("load_demo")

        assert _snapshot() == before

    def test_a_demo_staff_login_is_printed_under_debug(self, demo_output, settings, client):
        settings.DEBUG = True  # the logins are tried under DEBUG, as the demo runs
        assert "Demo staff login: manager / willowmere-demo" in demo_output
        for username in ("manager", "frontdesk", "dana"):
            response = client.post(
                "/staff/login/", {"username": username, "password": "willowmere-demo"}
            )
            assert response.status_code == 302, username
            client.post("/staff/logout/")

    def test_the_demo_clinic_is_lived_in_around_today(self, demo_output):
        today = timezone.localdate()
        patients = Patient.objects.all()
        assert patients.count() == 40
        assert all(
            p.email.endswith("@example.com") and "555-01" in p.phone_display for p in patients
        )
        live = Booking.objects.filter(status=Booking.Status.CONFIRMED, start__gte=timezone.now())
        assert live.values("provider").distinct().count() == 3
        assert live.filter(start__lt=timezone.now() + timedelta(days=8)).count() >= 10
        consultations = Booking.objects.filter(appointment_type__kind="consultation")
        assert consultations.filter(status=Booking.Status.COMPLETED).count() >= 10
        halo = TreatmentSession.objects.filter(treatment__slug="halo").order_by("-performed_on")
        days_ago = [(today - session.performed_on).days for session in halo]
        assert len(days_ago) == 4
        # 1, 3, 10 and 38 days ago (patient 0's two sessions of her series, 10 and 38), or the
        # open day just before when the clinic was closed then.
        for wanted, got in zip([1, 3, 10, 38], days_ago, strict=True):
            assert wanted <= got <= wanted + 2
        assert all(s.course.status == Course.Status.ACTIVE for s in halo[:3])
        assert Reminder.objects.filter(course__session__in=halo, status="pending").exists()
        assert Booking.objects.filter(status=Booking.Status.NO_SHOW).count() == 1
        cancelled = Booking.objects.get(status=Booking.Status.CANCELLED)
        assert cancelled.cancellation_reason
        assert TimeOff.objects.count() == 2
        assert Concern.objects.filter(resolved_at__isnull=True).count() == 1
        # Nothing is signed in the future.
        signed = FormSubmission.objects.values_list("signed_at", flat=True)
        assert signed and max(signed) <= timezone.now()

    def test_the_front_desk_sees_a_real_day_on_the_demo_day(self, demo_output, settings, client):
        settings.DEBUG = True  # the day is looked at under DEBUG, as the demo runs
        day = demo_day_choose(today=timezone.localdate())
        as_user(client, get_user_model().objects.get(username="frontdesk"))

        response = client.get(f"/staff/schedule/?date={day:%Y-%m-%d}")

        assert response.status_code == 200
        assert response.content.decode().count("/staff/bookings/") >= 4
        if day == timezone.localdate():
            assert client.get("/staff/", follow=True).content == response.content

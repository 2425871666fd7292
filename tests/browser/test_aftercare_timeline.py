"""The patient's aftercare timeline on a phone: today's advice, another day, the progress bar,
and telling the clinic that something doesn't look right."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect

from aftercare.links import course_timeline_path
from aftercare.models import Concern
from aftercare.services import course_create, course_start
from bookings.models import AppointmentType, Booking, Patient, Provider, TreatmentSession
from outbox.sending import messages_send_due
from tests.aftercare.live import SmtpSink
from tests.browser.pages import axe_violations
from treatments.models import Clinic, Treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION = datetime(2027, 5, 4, 15, 0, tzinfo=UTC)  # Tuesday 4 May 2027, 10:00 in Chicago


@pytest.fixture
def halo_course(demo_clinic):
    patient = Patient.objects.create(
        first_name="Ana",
        last_name="Tester",
        phone="3125550111",
        email="ana@example.com",
    )
    kind = AppointmentType.objects.get(slug="halo-session")
    booking = Booking.objects.create(
        patient=patient,
        provider=Provider.objects.get(display_name="Dana Whitfield"),
        appointment_type=kind,
        treatment=Treatment.objects.get(slug="halo"),
        start=SESSION,
        end=SESSION + kind.duration,
        blocked_until=SESSION + kind.blocked,
        source="phone",
        status="completed",
    )
    course_create(booking=booking, now=SESSION - timedelta(days=20))
    session = TreatmentSession.objects.create(
        booking=booking,
        patient=patient,
        treatment=booking.treatment,
        provider=booking.provider,
        performed_on=date(2027, 5, 4),
        session_number=1,
        treated_areas="Full face",
    )
    return course_start(session=session, now=SESSION)


@pytest.fixture
def mail_server(settings):
    """The clinic's mail server, on loopback, behind the real SMTP backend."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = False
        yield sink


def test_a_patient_follows_day_3_of_their_halo_aftercare_and_tells_the_clinic(
    live_server, phone_page, halo_course, mail_server, tmp_path
):
    sink = mail_server
    page = phone_page
    photo = tmp_path / "cheek.jpg"
    Image.new("RGB", (1600, 1200), (190, 120, 110)).save(photo, "JPEG")
    Clinic.objects.update(notification_email="desk@clinic.example")

    with time_machine.travel(SESSION + timedelta(days=3), tick=True):
        page.goto(live_server.url + course_timeline_path(halo_course))
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Day 3 after your HALO hybrid fractional laser session"
        )
        bar = page.get_by_role("progressbar", name="Progress through the healing period")
        assert bar.get_attribute("value") == "21"
        expect(page.get_by_text(re.compile("sunscreen", re.I)).first).to_be_visible()
        assert axe_violations(page) == []

        page.get_by_role("link", name=re.compile("Day after")).click()
        page.wait_for_url(re.compile(r".*\?day=4$"))
        assert "Day 4 after" in page.get_by_role("heading", level=1).inner_text()
        expect(page.get_by_text(re.compile("pick", re.I)).first).to_be_visible()  # don't pick

        page.get_by_role("button", name="Tell the clinic").click()  # with nothing said
        expect(page.get_by_role("alert")).to_contain_text("Please tell us in a few words")
        page.get_by_role("link", name=re.compile("Please tell us in a few words")).click()
        expect(page.get_by_label("Tell us what you've noticed")).to_be_focused()
        page.get_by_label("Tell us what you've noticed").fill("A spot looks raw")
        page.get_by_label("It's urgent").check()
        page.get_by_label("Add a photo (optional)").set_input_files(photo)
        page.get_by_role("button", name="Tell the clinic").click()
        page.get_by_role("heading", name="Thank you, we've got your message").wait_for()
        expect(page.get_by_role("link", name="(312) 555-0148").first).to_be_visible()
        assert axe_violations(page) == []
    message = Concern.objects.get()
    assert (message.text, message.day_offset, message.urgency) == ("A spot looks raw", 3, "urgent")
    assert message.photo

    # The sweep the concern's commit woke has already handed the alert to the mail server.
    assert messages_send_due().sent == 0  # and a second sweep sends nothing more
    alerts = [m for m in sink.handler.accepted if m["To"] == "desk@clinic.example"]
    assert len(alerts) == 1 and "urgent" in alerts[0]["Subject"]
    assert "raw" not in alerts[0].as_string()

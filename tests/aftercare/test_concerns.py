"""A worried patient's message reaches a person at once: it needs words, may carry a photo
(kept privately, stripped of its location, shown only to staff who may see the patient),
alerts the clinic through the outbox without a word of health detail, waits in the desk's
queue urgent first, and is answered or noted."""

import io
import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from aftercare.links import course_timeline_path
from aftercare.models import Concern
from bookings.models import AuditEntry
from outbox.models import Message
from outbox.sending import messages_send_due
from tests.factories import MONDAY, THREE_WEEKS, as_user, complete, halo_session, staff_user
from tests.outbox_helpers import outbox_flush
from tests.readable import readable
from treatments.models import Clinic, OpeningHours

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)  # Monday 3 May 2027, 10:00 Chicago


@pytest.fixture
def course(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))
    course = complete(booking).course
    frozen_monday.move_to(SESSION + timedelta(days=2, hours=1))  # Wednesday 11:00, day 2
    outbox_flush()
    return course


def _photo(fmt="JPEG", size=(1200, 900), gps=True) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 110))
    data = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (41.0, 53.0, 0.0), 3: "W", 4: (87.0, 37.0, 0.0)}
    image.save(data, fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(data, fmt)
    return SimpleUploadedFile(f"skin.{fmt.lower()}", data.getvalue(), f"image/{fmt.lower()}")


def _send(client, course, **form):
    data = {"text": "Little blisters on my cheek", "urgency": "urgent", **form}
    return client.post(course_timeline_path(course) + "tell-us/", data)


def test_a_concern_needs_words_and_a_bad_one_writes_nothing(client, course):
    response = _send(client, course, text="   ")
    assert response.status_code == 400
    assert "Please tell us in a few words" in response.content.decode()
    fake = SimpleUploadedFile("skin.jpg", b"not an image at all", "image/jpeg")
    response = _send(client, course, photo=fake)
    assert response.status_code == 400
    assert "read that file as a photo" in response.content.decode()
    assert response.content.decode().count("Little blisters on my cheek") == 1  # kept typed
    assert not Concern.objects.exists()
    assert not Message.objects.filter(kind="concern_alert").exists()


def test_a_photo_too_large_is_refused(client, course, settings):
    settings.CONCERN_PHOTO_MAX_MB = 0
    assert _send(client, course, photo=_photo()).status_code == 400
    assert not Concern.objects.exists()


@pytest.mark.parametrize("side", [10_000, 10_910])
def test_a_photo_of_a_hundred_megapixels_in_a_few_kilobytes_is_refused(client, course, side):
    # A decompression bomb: once accepted by this public form, it held a web worker at 1.5 GB.
    bomb = io.BytesIO()
    Image.new("1", (side, side)).save(bomb, "PNG", optimize=True)
    photo = SimpleUploadedFile("skin.png", bomb.getvalue(), "image/png")

    response = _send(client, course, photo=photo)

    assert response.status_code == 400
    assert "That photo has too many pixels" in response.content.decode()
    assert not Concern.objects.exists()


def test_the_clinic_hears_at_once_and_the_alert_says_nothing_about_health(client, course, settings):
    settings.SITE_URL = "https://clinic.example"
    Clinic.objects.update(notification_email="desk@clinic.example")
    assert _send(client, course).status_code == 302
    concern = Concern.objects.get()
    assert messages_send_due().sent == 1  # within one sweep
    (alert,) = mail.outbox
    assert alert.to == ["desk@clinic.example"]
    link = f"https://clinic.example/staff/aftercare/concerns/{concern.public_id}/"
    assert link in alert.body and "urgent" in alert.subject
    for secret in ("blisters", "Ana", course.patient.last_name, course.patient.email, "HALO"):
        assert secret not in alert.subject + alert.body


def test_the_photo_is_kept_without_its_location_and_shown_only_to_staff_who_may(
    client, clinic, course, frontdesk
):
    assert _send(client, course, photo=_photo(size=(4000, 3000))).status_code == 302
    concern = Concern.objects.get()
    assert "/private" in concern.photo.path or "medspa-private-" in concern.photo.path
    kept = Image.open(concern.photo.path)
    assert kept.format == "JPEG" and max(kept.size) == 2048
    assert not kept.getexif()  # no GPS, no camera, nothing
    url = reverse("staff_aftercare:concern_photo", kwargs={"concern_id": concern.public_id})

    assert client.get(url).status_code == 302  # to the sign-in page
    as_user(client, frontdesk)
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(",", " ").split())
    assert AuditEntry.objects.filter(what="concern photo", actor=frontdesk).exists()
    # A provider who never saw this patient (all her visits were with Dana) may not.
    priya = staff_user("priya", "Provider")
    clinic.priya.user = priya
    clinic.priya.save(update_fields=["user"])
    as_user(client, priya)
    assert client.get(url).status_code == 403
    assert AuditEntry.objects.filter(action="denied", actor=priya).exists()


def test_the_queue_puts_urgent_first_and_the_menu_counts_them(client, course, frontdesk):
    _send(client, course, text="A question about sunscreen", urgency="question")
    _send(client, course, text="Oozing since last night", urgency="urgent")
    as_user(client, frontdesk)
    queue = client.get(reverse("staff_aftercare:queue")).content.decode()
    assert queue.index("Oozing since last night") < queue.index("A question about sunscreen")
    assert '2<span class="visually-hidden"> waiting</span>' in queue


def test_a_reply_shows_on_the_timeline_and_a_note_stays_on_the_record(client, course, frontdesk):
    _send(client, course, text="Is the redness normal?", urgency="question")
    _send(client, course, text="Swollen eyes this morning", urgency="worried")
    first, second = Concern.objects.order_by("created_at")
    as_user(client, frontdesk)
    page = reverse("staff_aftercare:concern", kwargs={"concern_id": first.public_id})
    assert client.post(page, {"note": "", "is_reply": "1"}).status_code == 400  # says how
    client.post(page, {"note": "Yes: redness fades over 3-5 days.", "is_reply": "1"})
    page = reverse("staff_aftercare:concern", kwargs={"concern_id": second.public_id})
    client.post(page, {"note": "Called back; sleep propped up.", "is_reply": ""})
    client.logout()
    timeline = client.get(course_timeline_path(course)).content.decode()
    assert "The clinic replied:</strong> Yes: redness fades over 3-5 days." in timeline
    assert "Called back" not in timeline and "The clinic has looked at this." in timeline


def test_outside_opening_hours_the_page_says_what_to_do_in_an_emergency(
    client, course, frozen_monday
):
    clinic = Clinic.objects.get()
    OpeningHours.objects.create(clinic=clinic, weekday=2, opens=time(9), closes=time(17))
    assert "call 911" not in client.get(course_timeline_path(course)).content.decode()
    frozen_monday.move_to(SESSION + timedelta(days=2, hours=12))  # Wednesday 22:00
    assert "call 911" in client.get(course_timeline_path(course)).content.decode()


def test_the_patient_hears_that_a_reply_waits_but_not_what_it_says(client, course, frontdesk):
    _send(client, course, text="Is the redness normal?", urgency="question")
    concern = Concern.objects.get()
    as_user(client, frontdesk)
    page = reverse("staff_aftercare:concern", kwargs={"concern_id": concern.public_id})
    client.post(page, {"note": "Yes, redness fades over 3-5 days.", "is_reply": "1"})
    (told,) = Message.objects.filter(kind="concern_reply")
    assert told.to == course.patient.email
    assert "/aftercare/" in told.text and "redness" not in told.text + told.subject


def test_a_clinic_with_a_notification_mobile_also_gets_a_text(client, course, settings):
    Clinic.objects.update(notification_phone="(312) 555-0177")
    _send(client, course)
    text = Message.objects.get(kind="concern_alert", channel="sms")
    assert text.to == "+13125550177"
    assert "urgent" in text.text and "blisters" not in text.text


def test_the_photo_may_come_from_either_camera_or_the_gallery(client, course):
    html = client.get(course_timeline_path(course)).content.decode()
    (photo_input,) = re.findall(r"<input[^>]*type=\"file\"[^>]*>", html)
    # `capture` would open the rear camera only: no selfie, no photo taken earlier.
    assert 'accept="image/*"' in photo_input and "capture" not in photo_input


def test_the_timeline_leads_to_the_patients_message_preferences(client, course):
    html = client.get(course_timeline_path(course)).content.decode()
    (link,) = re.findall(r'<p class="mt-4" id="reminder-preferences"><a href="([^"]+)"', html)
    preferences = client.get(link)
    assert preferences.status_code == 200
    assert preferences.context["patient"] == course.patient


def test_the_reply_email_comes_in_the_clinics_layout_with_its_footer_links(
    client, course, frontdesk
):
    _send(client, course, text="Is the redness normal?", urgency="question")
    concern = Concern.objects.get()
    as_user(client, frontdesk)
    page = reverse("staff_aftercare:concern", kwargs={"concern_id": concern.public_id})
    client.post(page, {"note": "Yes, redness fades over 3-5 days.", "is_reply": "1"})
    (told,) = Message.objects.filter(kind="concern_reply", channel="email")
    # The shared layout (its footer links) in the HTML part, and the same links in the text.
    assert "Choose which messages you get from us" in readable(told.html)
    assert "Your privacy" in readable(told.html)
    assert "/messages/" in told.text and "/privacy/" in told.text
    assert "redness" not in readable(told.html) + told.text

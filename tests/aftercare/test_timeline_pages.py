from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from aftercare.links import TIMELINE_LINK, course_timeline_path
from aftercare.models import Concern, Reminder
from bookings.models import Booking
from tests.factories import MONDAY, THREE_WEEKS, as_user, complete, halo_session

SESSION = MONDAY + THREE_WEEKS + timedelta(hours=1)


@pytest.fixture
def course(plan, consulted_patient, clinic, frozen_monday):
    booking = halo_session(clinic, consulted_patient, SESSION)
    frozen_monday.move_to(SESSION + timedelta(hours=2))  # completed on the day...
    course = complete(booking).course
    frozen_monday.move_to(SESSION + timedelta(days=3))  # ...and read on Thursday, day 3
    return course


def test_the_timeline_shows_today_with_progress_and_the_days_around(client, course):
    html = client.get(course_timeline_path(course)).content.decode()
    assert "Day 3 after your HALO session" in html
    assert 'value="21" max="100"' in html  # 3 of 14 healing days
    assert "Do: Sunscreen" in html
    assert "?day=2" in html and "?day=4" in html


def test_another_day_can_be_read_and_a_quiet_day_carries_on_the_last_advice(client, course):
    path = course_timeline_path(course)
    assert "Do: Flaking" in client.get(path, {"day": 4}).content.decode()
    before = client.get(path, {"day": -14}).content.decode()
    assert "14 days before your HALO session" in before and "Stop retinoids" in before
    assert "Still true today: MENDS" in client.get(path, {"day": 3}).content.decode()
    assert client.get(path, {"day": "not-a-number"}).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps({"c": "0" * 32, "t": "x"}, salt=TIMELINE_LINK.salt),
    ],
    # Named: a signed value holds the time it was made, and pytest-xdist's workers must
    # collect the same test ids.
    ids=["garbage", "unknown-course"],
)
def test_forged_timeline_links_get_the_plain_invalid_page(client, course, token):
    response = client.get(f"/aftercare/{token}/")
    assert response.status_code == 404
    assert "This link is no longer valid" in response.content.decode()


def test_something_doesnt_look_right_reaches_the_desk_and_shows_the_phone(
    client, course, frontdesk
):
    from datetime import time

    from treatments.models import Clinic, OpeningHours

    # Thursday (day 3), while the clinic is open: the page says to call it if it's urgent.
    OpeningHours.objects.create(
        clinic=Clinic.objects.get(), weekday=3, opens=time(9), closes=time(17)
    )
    path = course_timeline_path(course)
    form = {"text": "Swelling is getting worse", "urgency": "urgent"}
    response = client.post(path + "tell-us/", form, follow=True)
    html = response.content.decode()
    assert "we've got your message" in html
    assert "(312) 555-0100" in html and "urgent" in html
    message = Concern.objects.get()
    assert (message.day_offset, message.text) == (3, "Swelling is getting worse")

    as_user(client, frontdesk)
    queue = client.get(reverse("staff_aftercare:queue")).content.decode()
    assert "Swelling is getting worse" in queue
    patient_page = client.get(
        reverse("staff:patient", kwargs={"patient_id": course.patient.public_id})
    )
    assert "Swelling is getting worse" in patient_page.content.decode()
    answer = reverse("staff_aftercare:concern", kwargs={"concern_id": message.public_id})
    client.post(answer, {"note": "Called back: normal swelling, ice and rest", "is_reply": ""})
    message.refresh_from_db()
    assert message.resolved_by == frontdesk


def test_the_next_session_is_offered_inside_the_clinics_interval_and_books(
    client, course, frozen_monday
):
    path = course_timeline_path(course)
    html = client.get(path).content.decode()
    assert "Book your next session" in html
    assert "31 May" in html  # 3 May + 28 days

    frozen_monday.move_to(SESSION + timedelta(days=20))
    page = client.get(path + "next/").content.decode()
    assert "Monday 31 May" in page or "31 May" in page
    start = SESSION + timedelta(days=28)
    response = client.post(path + "next/confirm/", {"start": start.isoformat()})
    assert response.status_code == 302
    booked = Booking.objects.filter(start=start).get()
    assert booked.patient == course.patient and booked.appointment_type.kind == "treatment"
    assert "/manage/" in response["Location"]


def test_staff_see_the_course_and_can_resend_or_cancel_a_reminder(client, course, frontdesk):
    as_user(client, frontdesk)
    html = client.get(reverse("staff:patient", kwargs={"patient_id": course.patient.public_id}))
    assert "HALO aftercare" in html.content.decode()
    pending = course.reminders.filter(status="pending").first()
    client.post(reverse("staff_aftercare:cancel", kwargs={"reminder_id": pending.pk}))
    pending.refresh_from_db()
    assert pending.status == "cancelled"
    client.post(reverse("staff_aftercare:resend", kwargs={"reminder_id": pending.pk}))
    pending.refresh_from_db()
    assert pending.status == "pending" and pending.attempts == 0


def test_the_dashboard_counts_reminders_and_lists_open_check_ins(client, course, manager):
    Reminder.objects.filter(course=course).update(status="failed", last_error="550 mailbox full")
    Concern.objects.create(course=course, patient=course.patient, day_offset=3, text="Itchy")
    html = as_user(client, manager).get(reverse("staff:dashboard")).content.decode()
    assert "550 mailbox full" in html
    assert "Itchy" in html


def test_a_resend_that_a_colleague_made_first_is_refused_and_not_recorded_twice(course, frontdesk):
    from aftercare.services import AftercareError, reminder_cancel, reminder_resend
    from bookings.models import AuditEntry

    reminder = reminder_cancel(reminder=course.reminders.filter(status="pending").first())
    stale = Reminder.objects.get(pk=reminder.pk)  # the page both read, cancelled
    reminder_resend(reminder=reminder, actor=frontdesk)
    with pytest.raises(AftercareError, match="already waiting"):
        reminder_resend(reminder=stale, actor=frontdesk)
    assert AuditEntry.objects.filter(what="reminder resent").count() == 1

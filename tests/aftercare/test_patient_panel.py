"""The patient page's aftercare panel stays the size of the patient's present, not their past."""

from django.urls import reverse

from aftercare.models import Reminder
from tests.factories import MONDAY, THREE_WEEKS, as_user, complete, halo_session


def test_older_finished_courses_are_a_line_the_newest_and_failed_ones_are_in_full(
    client, plan, consulted_patient, clinic, manager, frozen_monday
):
    first = complete(halo_session(clinic, consulted_patient, MONDAY + THREE_WEEKS)).course
    second = complete(halo_session(clinic, consulted_patient, MONDAY + 2 * THREE_WEEKS)).course
    third = complete(halo_session(clinic, consulted_patient, MONDAY + 3 * THREE_WEEKS)).course
    for course in (first, second):
        Reminder.objects.filter(course=course).update(status=Reminder.Status.SENT)
    failed = Reminder.objects.filter(course=first).first()
    Reminder.objects.filter(pk=failed.pk).update(status=Reminder.Status.FAILED)

    url = reverse("staff:patient", args=[consulted_patient.public_id])
    html = as_user(client, manager).get(url).content.decode()

    sent = Reminder.objects.filter(course=second, status=Reminder.Status.SENT).count()
    assert f"{sent} reminders sent, none waiting" in html  # the second: one line
    assert "1 failed" in html  # the first is shown in full: it needs the desk
    # The newest in full, with a resend or cancel for each of its reminders.
    shown = html.count('action="/staff/aftercare/reminders/')
    expected = Reminder.objects.filter(course__in=[first, third]).count()
    assert shown == expected

"""Signed links in aftercare emails: the patient's timeline (expiring after
AFTERCARE_LINK_MAX_AGE_DAYS, dies with its course's secret) and one-click unsubscribe (never
expires: RFC 8058 links must keep working)."""

from django.urls import reverse
from django.utils.crypto import constant_time_compare

from bookings.models import Patient
from practice.links import LinkKind, link_sign, link_values

from .models import Course

TIMELINE_LINK = LinkKind(
    "aftercare.timeline-link", fields=("c", "t"), max_age_setting="AFTERCARE_LINK_MAX_AGE_DAYS"
)
UNSUBSCRIBE_LINK = LinkKind("aftercare.unsubscribe-link", fields=("p",), max_age_setting=None)


def course_timeline_path(course: Course) -> str:
    token = link_sign(TIMELINE_LINK, c=course.public_id.hex, t=course.link_token)
    return reverse("aftercare:timeline", kwargs={"token": token})


def course_from_token(token: str) -> Course | None:
    values = link_values(TIMELINE_LINK, token)
    if values is None:
        return None
    course = (
        Course.objects.select_related("patient", "treatment", "booking__provider")
        .filter(public_id=values["c"])
        .first()
    )
    if course is None or not constant_time_compare(course.link_token, values["t"]):
        return None
    return course


def unsubscribe_path(patient: Patient) -> str:
    token = link_sign(UNSUBSCRIBE_LINK, p=patient.public_id.hex)
    return reverse("aftercare:unsubscribe", kwargs={"token": token})


def patient_from_unsubscribe_token(token: str) -> Patient | None:
    values = link_values(UNSUBSCRIBE_LINK, token)
    if values is None:
        return None
    return Patient.objects.filter(public_id=values["p"]).first()

"""Signed links in aftercare emails: the patient's timeline (expiring, dies with its course's
secret) and one-click unsubscribe (no expiry: RFC 8058 links must keep working)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from bookings.models import Patient

from .models import Course

TIMELINE_SALT = "aftercare.timeline-link"
UNSUBSCRIBE_SALT = "aftercare.unsubscribe-link"


def course_timeline_path(course: Course) -> str:
    token = signing.dumps({"c": course.public_id.hex, "t": course.link_token}, salt=TIMELINE_SALT)
    return reverse("aftercare:timeline", kwargs={"token": token})


def course_from_token(token: str) -> Course | None:
    try:
        data = signing.loads(
            token, salt=TIMELINE_SALT, max_age=settings.AFTERCARE_LINK_MAX_AGE_DAYS * 86400
        )
        public_id, secret = data["c"], str(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    course = (
        Course.objects.select_related("patient", "treatment", "booking__provider")
        .filter(public_id=public_id)
        .first()
    )
    if course is None or not constant_time_compare(course.link_token, secret):
        return None
    return course


def unsubscribe_path(patient: Patient) -> str:
    token = signing.dumps({"p": patient.public_id.hex}, salt=UNSUBSCRIBE_SALT)
    return reverse("aftercare:unsubscribe", kwargs={"token": token})


def patient_from_unsubscribe_token(token: str) -> Patient | None:
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)["p"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Patient.objects.filter(public_id=public_id).first()

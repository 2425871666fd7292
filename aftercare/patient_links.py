"""Aftercare's links on the patient's manage page (registered with bookings' registry)."""

from bookings import patient_links
from bookings.models import Booking

from .links import course_timeline_path
from .models import Course


def manage_links(booking: Booking) -> list[patient_links.PatientLink]:
    course = Course.objects.filter(booking=booking).exclude(status=Course.Status.CANCELLED).first()
    if course is None:
        return []
    if course.status == Course.Status.ACTIVE:
        return [
            patient_links.PatientLink(
                "Your aftercare, day by day",
                course_timeline_path(course),
                "What to expect and what to do each day while your skin heals, and a way to "
                "tell us if something doesn't look right.",
            )
        ]
    return [
        patient_links.PatientLink(
            "How to prepare for your session",
            course_timeline_path(course),
            "What to do (and stop doing) in the days before it.",
        )
    ]


patient_links.register(manage=manage_links)

"""Aftercare on the staff pages: the patient's courses and reminders, and the dashboard's
open concerns (registered with bookings' panel registry)."""

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest

from bookings.staff import panels

from .models import Concern, Course, Reminder
from .selectors import concerns_open, concerns_open_count

# A reminder's fate is its outbox message's once it was handed over.
SENT = Q(reminders__status=Reminder.Status.SENT) | Q(reminders__message__status="sent")
WAITING = Q(reminders__status=Reminder.Status.PENDING) | Q(
    reminders__status=Reminder.Status.QUEUED, reminders__message__status__in=["pending", "sending"]
)
FAILED = Q(reminders__status=Reminder.Status.FAILED) | Q(reminders__message__status="failed")


def patient_panel(request: HttpRequest, patient) -> panels.Panel:
    """Every course, newest first. The newest, and any with a reminder still waiting or
    failed, are shown reminder by reminder; older finished ones as a line of counts, so the
    page of a patient in their fifth year of sessions stays the size of the first."""
    courses = list(
        Course.objects.filter(patient=patient)
        .select_related("treatment")
        .annotate(
            sent=Count("reminders", filter=SENT),
            waiting=Count("reminders", filter=WAITING),
            failed=Count("reminders", filter=FAILED),
        )
    )
    detailed = [c for i, c in enumerate(courses) if i == 0 or c.waiting or c.failed]
    prefetch_related_objects(
        detailed,
        Prefetch("reminders", queryset=Reminder.objects.select_related("step", "message")),
    )
    for course in courses:
        course.detailed = course in detailed
    return panels.Panel(
        "aftercare/staff/patient_panel.html",
        {
            "courses": courses,
            # The latest few: the rest are history the audit log and bookings already tell.
            "appointment_reminders": Reminder.objects.filter(
                patient=patient, kind=Reminder.Kind.APPOINTMENT
            )
            .select_related("booking", "message")
            .order_by("-appointment_start")[:5],
            "messages": Concern.objects.filter(patient=patient),
        },
    )


def dashboard_panel(request: HttpRequest) -> panels.Panel:
    open_check_ins = concerns_open(request.user)[:50]
    # A step that could not even be written (a broken plan text) never reached the outbox.
    unwritten = (
        Reminder.objects.filter(status=Reminder.Status.FAILED, message__isnull=True)
        .select_related("patient")
        .order_by("-due_at")[:20]
    )
    return panels.Panel(
        "aftercare/staff/dashboard_panel.html",
        {"open_check_ins": open_check_ins, "unwritten": unwritten},
    )


panels.register(
    dashboard=dashboard_panel,
    patient=patient_panel,
    nav=("Concerns", "staff_aftercare:queue", "view_patients"),
    badge=lambda request: concerns_open_count(request.user),
)

"""Aftercare on the staff pages: the patient's courses and reminders, and the dashboard's
reminder figures and open check-ins (registered with bookings' panel registry)."""

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone

from bookings.selectors import local_day_bounds
from bookings.staff import panels

from .models import CheckInMessage, Course, Reminder

WAITING = (Reminder.Status.PENDING, Reminder.Status.SENDING)


def patient_panel(request: HttpRequest, patient) -> panels.Panel:
    """Every course, newest first. The newest, and any with a reminder still waiting or
    failed, are shown reminder by reminder; older finished ones as a line of counts, so the
    page of a patient in their fifth year of sessions stays the size of the first."""
    courses = list(
        Course.objects.filter(patient=patient)
        .select_related("treatment")
        .annotate(
            sent=Count("reminders", filter=Q(reminders__status=Reminder.Status.SENT)),
            waiting=Count("reminders", filter=Q(reminders__status__in=WAITING)),
            failed=Count("reminders", filter=Q(reminders__status=Reminder.Status.FAILED)),
        )
    )
    detailed = [c for i, c in enumerate(courses) if i == 0 or c.waiting or c.failed]
    prefetch_related_objects(
        detailed, Prefetch("reminders", queryset=Reminder.objects.select_related("step"))
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
            .select_related("booking")
            .order_by("-appointment_start")[:5],
            "messages": CheckInMessage.objects.filter(patient=patient),
        },
    )


def dashboard_panel(request: HttpRequest) -> panels.Panel:
    # Sent today, failed, retrying: three counts, each answered by its own partial index
    # (aftercare migration 0002), so each reads its own few rows instead of every reminder
    # since the clinic opened (one aggregate with FILTERs would scan them all).
    start, end = local_day_bounds(timezone.localdate())
    reminders = Reminder.objects.order_by()
    figures = {
        "sent_today": reminders.filter(
            status=Reminder.Status.SENT, sent_at__gte=start, sent_at__lt=end
        ).count(),
        "failed": reminders.filter(status=Reminder.Status.FAILED).count(),
        "retrying": reminders.filter(status=Reminder.Status.PENDING, attempts__gt=0).count(),
    }
    open_check_ins = CheckInMessage.objects.filter(resolved_at__isnull=True).select_related(
        "patient", "course__treatment"
    )[:50]
    failures = (
        Reminder.objects.filter(status=Reminder.Status.FAILED)
        .select_related("patient")
        .order_by("due_at", "id")[:20]
    )
    return panels.Panel(
        "aftercare/staff/dashboard_panel.html",
        {"figures": figures, "open_check_ins": open_check_ins, "failures": failures},
    )


panels.register(
    dashboard=dashboard_panel,
    patient=patient_panel,
    nav=("Concerns", "staff_aftercare:queue", "view_patients"),
)

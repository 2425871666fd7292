"""Aftercare on the staff pages: the patient's courses and reminders, and the dashboard's
reminder figures and open check-ins (registered with bookings' panel registry)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from bookings.selectors import local_day_bounds
from bookings.staff import panels

from .models import CheckInMessage, Course, Reminder


def patient_panel(request: HttpRequest, patient) -> panels.Panel:
    courses = list(
        Course.objects.filter(patient=patient).select_related("treatment")
        .prefetch_related("reminders__step")
    )  # fmt: skip
    return panels.Panel(
        "aftercare/staff/patient_panel.html",
        {
            "courses": courses,
            "appointment_reminders": Reminder.objects.filter(
                patient=patient, kind=Reminder.Kind.APPOINTMENT
            ).select_related("booking"),
            "messages": CheckInMessage.objects.filter(patient=patient),
        },
    )


def dashboard_panel(request: HttpRequest) -> panels.Panel:
    start, end = local_day_bounds(timezone.localdate())
    figures = Reminder.objects.aggregate(
        sent_today=Count("pk", filter=Q(status=Reminder.Status.SENT, sent_at__gte=start,
                                        sent_at__lt=end)),
        failed=Count("pk", filter=Q(status=Reminder.Status.FAILED)),
        retrying=Count("pk", filter=Q(status=Reminder.Status.PENDING, attempts__gt=0)),
    )  # fmt: skip
    open_check_ins = CheckInMessage.objects.filter(resolved_at__isnull=True).select_related(
        "patient", "course__treatment"
    )[:50]
    return panels.Panel(
        "aftercare/staff/dashboard_panel.html",
        {"figures": figures, "open_check_ins": open_check_ins,
         "failures": Reminder.objects.filter(status=Reminder.Status.FAILED)
         .select_related("patient")[:20]},
    )  # fmt: skip


panels.register(
    dashboard=dashboard_panel,
    patient=patient_panel,
    nav=("Check-ins", "staff_aftercare:queue", "view_patients"),
)

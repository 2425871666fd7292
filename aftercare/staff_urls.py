"""Staff aftercare actions under /staff/aftercare/; all through bookings' staff_view."""

from django.urls import path

from . import staff_views

app_name = "staff_aftercare"

PUBLIC: set[str] = set()

urlpatterns = [
    path("check-ins/", staff_views.check_in_queue, name="queue"),
    path("reminders/<int:reminder_id>/resend/", staff_views.reminder_resend, name="resend"),
    path("reminders/<int:reminder_id>/cancel/", staff_views.reminder_cancel, name="cancel"),
    path("check-ins/<int:concern_id>/resolve/", staff_views.check_in_resolve, name="resolve"),
]

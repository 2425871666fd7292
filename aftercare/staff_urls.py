"""Staff aftercare actions under /staff/aftercare/; all through bookings' staff_view."""

from django.urls import path

from . import staff_views

app_name = "staff_aftercare"

PUBLIC: set[str] = set()

urlpatterns = [
    path("concerns/", staff_views.concern_queue, name="queue"),
    path("concerns/<uuid:concern_id>/", staff_views.concern_detail, name="concern"),
    path("concerns/<uuid:concern_id>/photo/", staff_views.concern_photo, name="concern_photo"),
    path("reminders/<int:reminder_id>/resend/", staff_views.reminder_resend, name="resend"),
    path("reminders/<int:reminder_id>/cancel/", staff_views.reminder_cancel, name="cancel"),
]

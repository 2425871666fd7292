"""Clinical photos under /staff/photos/; all through bookings' staff_view."""

from django.urls import path

from . import staff_views

app_name = "staff_photos"

PUBLIC: set[str] = set()

urlpatterns = [
    path("sessions/<uuid:booking_id>/", staff_views.session_photos, name="session"),
    path("<uuid:photo_id>/<str:rendition>/", staff_views.photo_image, name="image"),
    path("patients/<uuid:patient_id>/compare/", staff_views.comparison, name="compare"),
]

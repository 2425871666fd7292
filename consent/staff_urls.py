from django.urls import path

from . import staff_views

app_name = "consent_staff"
# Every staff page of forms needs a login and a role (tests/bookings/test_staff_access.py).
PUBLIC: set[str] = set()

urlpatterns = [
    path("signed/<uuid:submission_id>/", staff_views.submission_detail, name="signed"),
    path("booking/<uuid:booking_id>/send/", staff_views.forms_send, name="send"),
    path(
        "booking/<uuid:booking_id>/tablet/<int:template_id>/",
        staff_views.tablet_start,
        name="tablet_start",
    ),
]

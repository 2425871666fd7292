"""Charts of treatment sessions under /staff/charts/; all through bookings' staff_view."""

from django.urls import path

from . import staff_views

app_name = "charting"

PUBLIC: set[str] = set()

urlpatterns = [
    path("<uuid:booking_id>/", staff_views.chart, name="chart"),
    path("<uuid:booking_id>/addenda/", staff_views.addendum_add, name="addendum"),
]

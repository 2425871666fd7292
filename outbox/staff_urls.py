"""The outbox's staff pages under /staff/messages/; all through bookings' staff_view."""

from django.urls import path

from . import staff_views

app_name = "staff_outbox"

urlpatterns = [
    path("", staff_views.message_list, name="messages"),
    path("texts/", staff_views.text_list, name="texts"),
    path("texts/<uuid:text_id>/handled/", staff_views.text_handle, name="text_handle"),
    path("<uuid:message_id>/", staff_views.message_detail, name="message"),
    path("<uuid:message_id>/resend/", staff_views.message_resend, name="resend"),
    path("<uuid:message_id>/cancel/", staff_views.message_cancel, name="cancel"),
]

from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("m/<str:code>", views.short_link, name="short_link"),
    # A phone's text app may add the slash a short link was written without.
    path("m/<str:code>/", views.short_link),
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
    path("sms/status/", views.sms_status, name="sms_status"),
]

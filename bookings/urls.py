from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("book/", views.consultation_start, name="start"),
    path("book/<slug:treatment_slug>/", views.consultation_pick_time, name="pick_time"),
    path("book/<slug:treatment_slug>/details/", views.consultation_details, name="details"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/calendar.ics", views.manage_calendar, name="manage_calendar"),
    path("manage/<str:token>/cancel/", views.manage_cancel, name="manage_cancel"),
    path("manage/<str:token>/move/", views.manage_reschedule, name="manage_reschedule"),
    path(
        "manage/<str:token>/move/confirm/",
        views.manage_reschedule_confirm,
        name="manage_reschedule_confirm",
    ),
    path("manage/<str:token>/contact/", views.manage_contact, name="manage_contact"),
    path(
        "manage/<str:token>/contact/<uuid:change>/",
        views.manage_contact_code,
        name="manage_contact_code",
    ),
    path("messages/<str:token>/", views.message_preferences, name="preferences"),
    path(
        "messages/<str:token>/stop/<slug:kind>/",
        views.message_preferences_stop,
        name="preferences_stop",
    ),
]

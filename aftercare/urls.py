from django.urls import path

from . import views

app_name = "aftercare"

urlpatterns = [
    path("aftercare/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("aftercare/<str:token>/", views.timeline, name="timeline"),
    path("aftercare/<str:token>/tell-us/", views.something_wrong, name="something_wrong"),
    path("aftercare/<str:token>/next/", views.next_session, name="next_session"),
    path(
        "aftercare/<str:token>/next/confirm/",
        views.next_session_confirm,
        name="next_session_confirm",
    ),
]

from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("forms/tablet/", views.tablet, name="tablet"),
    path("forms/tablet/hand-back/", views.tablet_hand_back, name="tablet_hand_back"),
    path("forms/<str:token>/", views.forms, name="forms"),
    path("forms/<str:token>/<int:template_id>/", views.form_sign, name="sign"),
]

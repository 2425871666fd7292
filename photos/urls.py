"""The patient's side of clinical photos (signed links); see photos/links.py."""

from django.urls import path

from . import views

app_name = "photos"

urlpatterns = [
    path("your-photos/<str:token>/", views.patient_photo, name="patient_photo"),
]

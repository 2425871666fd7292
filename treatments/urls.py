from django.urls import path

from . import views

app_name = "treatments"

urlpatterns = [
    path("", views.home, name="home"),
    path("treatments/", views.treatment_list, name="list"),
    path("treatments/faq/", views.faq, name="faq"),
    path("privacy/", views.privacy, name="privacy"),
    path("treatments/<slug:slug>/", views.treatment_detail, name="detail"),
]

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from treatments.models import FAQ, Clinic, OpeningHours, Treatment

pytestmark = pytest.mark.django_db


def _snapshot() -> list:
    return [
        list(Clinic.objects.values()),
        list(OpeningHours.objects.order_by("pk").values()),
        list(Treatment.objects.order_by("pk").values()),
        list(FAQ.objects.order_by("pk").values()),
        list(get_user_model().objects.order_by("pk").values()),
    ]


def test_demo_loads_a_clinic_and_three_published_treatments_with_faqs(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")

    assert Clinic.objects.get().name == "Willowmere Skin & Laser"
    assert OpeningHours.objects.count() > 0
    slugs = set(Treatment.objects.published().values_list("slug", flat=True))
    assert slugs == {"halo", "laser-toning", "laser-resurfacing"}
    for treatment in Treatment.objects.all():
        assert treatment.faqs.count() >= 5, treatment.slug
        assert treatment.after_your_session.strip(), treatment.slug
    assert Treatment.objects.get(slug="halo").recommended_sessions == 3


def test_running_the_demo_loader_twice_changes_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    before = _snapshot()

    call_command("load_demo")

    assert _snapshot() == before


def test_the_demo_loader_never_overwrites_the_clinics_own_edits(settings):
    call_command("load_demo")
    Treatment.objects.filter(slug="halo").update(summary="Our own words.")

    call_command("load_demo")

    assert Treatment.objects.get(slug="halo").summary == "Our own words."


def test_a_demo_staff_login_is_printed_under_debug(settings, capsys, client):
    settings.DEBUG = True
    call_command("load_demo")

    out = capsys.readouterr().out
    assert "Demo staff login: manager / willowmere-demo" in out
    for username in ("manager", "frontdesk", "dana"):
        response = client.post(
            "/staff/login/", {"username": username, "password": "willowmere-demo"}
        )
        assert response.status_code == 302, username
        client.post("/staff/logout/")


def test_no_demo_login_is_created_in_production(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo")

    assert not get_user_model().objects.exists()
    assert "no demo staff login" in capsys.readouterr().out

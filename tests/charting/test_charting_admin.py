"""The back office edits the catalogue (areas, devices with their settings inline) and only
looks at charts: no adding, changing or deleting them there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x-long-pass")
    as_user(client, user)
    return client


def test_the_catalogue_pages_open(admin_client, halo_device, areas):
    assert admin_client.get(reverse("admin:charting_area_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:charting_device_change", args=[halo_device.pk]))
    assert page.status_code == 200
    assert "Ablative coverage" in page.content.decode()


def test_charts_are_read_only_in_the_back_office(admin_client, signed_chart):
    assert admin_client.get(reverse("admin:charting_chart_add")).status_code == 403
    url = reverse("admin:charting_chart_change", args=[signed_chart.pk])
    admin_client.post(url, {"skin_type": "VI"})
    signed_chart.refresh_from_db()
    assert signed_chart.skin_type == "III"
    delete = reverse("admin:charting_chart_delete", args=[signed_chart.pk])
    assert admin_client.get(delete).status_code == 403

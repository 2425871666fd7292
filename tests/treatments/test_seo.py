import pytest

from tests.factories import TreatmentFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_treatments_only(client):
    TreatmentFactory(slug="halo")
    TreatmentFactory(slug="draft", is_published=False)

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert "/treatments/halo/" in xml
    assert "/treatments/draft/" not in xml
    assert "/treatments/faq/" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /manage/" in text

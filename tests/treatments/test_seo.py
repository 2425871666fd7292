import re

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


def _locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_the_sitemap_and_robots_publish_site_url_whichever_host_was_asked(client, settings):
    settings.SITE_URL = "https://book.clinic.example"
    settings.ALLOWED_HOSTS = ["book.clinic.example", "203.0.113.7"]
    TreatmentFactory(slug="halo")

    xml = client.get("/sitemap.xml", HTTP_HOST="203.0.113.7").content.decode()
    robots = client.get("/robots.txt", HTTP_HOST="203.0.113.7").content.decode()

    locations = _locations(xml)
    assert locations and all(loc.startswith("https://book.clinic.example/") for loc in locations)
    # The privacy notice and the first step of booking are pages a search should find.
    assert {"https://book.clinic.example/privacy/", "https://book.clinic.example/book/"} <= set(
        locations
    )
    assert "Sitemap: https://book.clinic.example/sitemap.xml" in robots.splitlines()


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client, settings):
    settings.SITE_URL = "http://testserver"
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /manage/" in text


def test_the_canonical_address_is_the_sites_own_without_the_query_string(client, settings):
    settings.SITE_URL = "https://book.clinic.example"
    TreatmentFactory(slug="halo")
    html = client.get("/treatments/halo/?utm_source=newsletter").content.decode()
    assert '<link rel="canonical" href="https://book.clinic.example/treatments/halo/">' in html
    assert 'name="robots"' not in html


def test_a_booking_step_for_one_day_or_time_is_kept_out_of_search_results(client):
    TreatmentFactory(slug="halo")
    assert 'content="noindex"' not in client.get("/treatments/halo/").content.decode()
    for query in ("?date=2027-04-13", "?start=2027-04-13T15:00:00%2B00:00"):
        html = client.get("/treatments/halo/" + query).content.decode()
        assert '<meta name="robots" content="noindex">' in html, query


def test_every_page_has_a_real_icon_and_touch_icon(client):
    html = client.get("/").content.decode()
    assert 'href="data:,"' not in html
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert 'rel="apple-touch-icon" href="/static/img/touch-icon.png"' in html


def test_questions_open_and_close_without_javascript(client):
    from treatments.models import FAQ

    treatment = TreatmentFactory(slug="halo")
    for n in range(3):
        FAQ.objects.create(treatment=treatment, question=f"Question {n}?", answer="An answer.")
    for path in ("/treatments/halo/", "/treatments/faq/"):
        html = client.get(path).content.decode()
        assert html.count('<details class="faq-item"><summary>') == 3, path


def test_every_font_the_pages_use_is_preloaded(client):
    """A weight left to arrive late shifts the page (Inter 600: 56 px on the home page)."""
    from pathlib import Path

    from django.conf import settings

    fonts = sorted(
        p.name for p in (Path(settings.BASE_DIR) / "static/vendor/fonts").glob("*.woff2")
    )
    html = client.get("/").content.decode()
    preloaded = sorted(re.findall(r'<link rel="preload" href="/static/vendor/fonts/([^"]+)"', html))
    assert preloaded == fonts

"""Every staff URL needs a login and the right role: a test that walks the URL list, so a new
view added without protection fails here."""

import uuid

import pytest
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter, StringConverter, UUIDConverter

from aftercare import staff_urls as aftercare_staff_urls
from bookings import staff_urls
from bookings.staff.access import PROTECTED
from charting import staff_urls as charting_staff_urls
from consent import staff_urls as consent_staff_urls
from photos import staff_urls as photos_staff_urls
from tests.factories import as_user

# Every module of staff URLs, with the namespace it is mounted under.
STAFF_URL_MODULES = [
    (staff_urls, "staff"),
    (aftercare_staff_urls, "staff_aftercare"),
    (consent_staff_urls, "consent_staff"),
    (charting_staff_urls, "charting"),
    (photos_staff_urls, "staff_photos"),
]
SAMPLE = {UUIDConverter: uuid.uuid4, IntConverter: lambda: 987654, StringConverter: lambda: "thumb"}


def _staff_urls() -> list[tuple[str, str]]:
    found = []
    for module, namespace in STAFF_URL_MODULES:
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern)
            if pattern.name in module.PUBLIC:
                continue
            kwargs = {
                name: SAMPLE[type(conv)]() for name, conv in pattern.pattern.converters.items()
            }
            url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
            found.append((f"{namespace}:{pattern.name}", url))
    return found


def _pattern(name: str) -> URLPattern:
    namespace, short = name.split(":")
    module = dict((ns, m) for m, ns in STAFF_URL_MODULES)[namespace]
    return next(p for p in module.urlpatterns if p.name == short)


STAFF_URLS = _staff_urls()


def test_the_walk_covers_the_whole_staff_area():
    assert len(STAFF_URLS) >= 19


@pytest.mark.parametrize(("name", "url"), STAFF_URLS, ids=[n for n, _ in STAFF_URLS])
def test_every_staff_view_goes_through_the_access_check(name, url):
    assert getattr(_pattern(name).callback, PROTECTED, None) is not None, f"{name} is unprotected"


def test_every_staff_url_lives_under_staff():
    assert all(url.startswith("/staff/") for _, url in STAFF_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), STAFF_URLS, ids=[n for n, _ in STAFF_URLS])
def test_without_a_login_every_staff_url_redirects_to_the_login(client, name, url):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (name, response.status_code)
        assert response["Location"].startswith("/staff/login/?next=")


@pytest.mark.parametrize(("name", "url"), STAFF_URLS, ids=[n for n, _ in STAFF_URLS])
def test_a_login_without_a_role_gets_403_everywhere(client, nobody, name, url):
    as_user(client, nobody)
    assert client.get(url).status_code == 403, name
    assert client.post(url).status_code in (403, 405), name


@pytest.mark.parametrize(
    ("url_name", "frontdesk_status", "provider_status", "manager_status"),
    [
        ("staff:day", 200, 200, 200),
        ("staff:booking_new", 200, 403, 200),
        ("staff:patients", 200, 200, 200),
        ("staff:time_off_new", 200, 403, 200),
        ("staff:dashboard", 403, 403, 200),
        ("staff:audit", 403, 403, 200),
    ],
)
def test_each_role_sees_only_what_it_may(
    client,
    frontdesk,
    provider_dana,
    manager,
    url_name,
    frontdesk_status,
    provider_status,
    manager_status,
):
    url = reverse(url_name)
    for user, expected in (
        (frontdesk, frontdesk_status),
        (provider_dana, provider_status),
        (manager, manager_status),
    ):
        as_user(client, user)
        assert client.get(url).status_code == expected, (url_name, user.username)


def test_working_hours_are_for_managers_only(client, clinic, frontdesk, manager):
    url = reverse("staff:working_hours", kwargs={"provider_id": clinic.dana.public_id})
    assert as_user(client, frontdesk).get(url).status_code == 403
    assert as_user(client, manager).get(url).status_code == 200


def test_a_provider_sees_only_their_own_column_and_week(client, clinic, provider_dana):
    as_user(client, provider_dana)
    html = client.get(reverse("staff:day")).content.decode()
    assert "Dana" in html and "Priya" not in html
    priya_week = reverse("staff:week", kwargs={"provider_id": clinic.priya.public_id})
    dana_week = reverse("staff:week", kwargs={"provider_id": clinic.dana.public_id})
    assert client.get(priya_week).status_code == 403
    assert client.get(dana_week).status_code == 200


@pytest.mark.django_db
def test_the_design_system_page_shows_every_component_to_staff(client, frontdesk):
    as_user(client, frontdesk)
    html = client.get(reverse("staff:style")).content.decode()
    for component in (
        "swatch-brand",
        "btn-cta",
        "btn-quiet",
        "card-clinic",
        "facts",
        "how-steps",
        "timeline-strip",
        "notice-warning",
        "error-summary",
        "faq-item",
        "avatar",
        'class="day',
        "slot",
    ):
        assert component in html, component

"""Each role walks the demo clinic on a busy day: every same-site link and GET form it can
reach from its landing page answers without a 404, a 5xx or a 403 the role table does not
predict (tests/crawl/crawler.py). It would have caught the double slash in booking links."""

import pytest

from .crawler import Crawler
from .demo import role_client
from .html_check import html_errors

# One worker runs this module's tests, on one load of the demo (tests/conftest.py `demo`).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-crawl")]

LANDING = {
    "anonymous": "/",
    "no role": "/staff/",
    "front desk": "/staff/",
    "provider": "/staff/",
    "manager": "/staff/",
}


def _crawl(role: str):
    crawl = Crawler(role_client(role), role=role).run(LANDING[role])
    print(
        f"{role}: {crawl.pages} pages of {len(crawl.kinds)} kinds in {crawl.seconds:.1f} s "
        f"({crawl.skipped_of_a_kind} more of kinds already seen enough), "
        f"statuses {crawl.statuses}"
    )
    return crawl


def test_an_anonymous_visitor_reaches_every_public_page_and_is_sent_to_the_login(demo):
    crawl = _crawl("anonymous")

    assert crawl.failures == []
    assert crawl.pages > 20
    # Every kind of public page is valid HTML (the Nu HTML Checker finds no error), and so are
    # a patient's own pages, reached by their signed links.
    client = role_client("anonymous")
    for name, path in _patient_pages().items():
        crawl.html_by_name[name] = (path, client.get(path).content.decode())
    assert html_errors(crawl.html_by_name) == []


def test_a_login_with_no_role_gets_403_and_never_a_broken_page(demo):
    crawl = _crawl("no role")

    assert crawl.failures == []
    assert crawl.predicted_403 >= 1


def test_the_front_desk_walks_a_busy_day_without_a_dead_link(demo):
    crawl = _crawl("front desk")

    assert crawl.failures == []
    assert crawl.pages > 50
    assert html_errors(crawl.html_by_name) == []


def test_a_provider_walks_her_own_day_without_a_dead_link_or_a_refusal(demo):
    crawl = _crawl("provider")

    assert crawl.failures == []
    assert crawl.pages > 20
    assert html_errors(crawl.html_by_name) == []


def test_a_manager_walks_everything_including_the_back_office_without_a_dead_link(demo):
    crawl = _crawl("manager")

    assert crawl.failures == []
    assert crawl.pages > 50
    assert any(path.startswith("/admin/") for path in crawl.visited)
    assert html_errors(crawl.html_by_name) == []


def _patient_pages() -> dict[str, str]:
    """A booking's own page, its message preferences and a HALO aftercare timeline."""
    from aftercare.links import course_timeline_path
    from aftercare.models import Course
    from bookings.links import booking_manage_path
    from bookings.models import Booking
    from bookings.preferences import preferences_path

    booking = Booking.objects.filter(status="confirmed").order_by("start").last()
    return {
        "patient:manage": booking_manage_path(booking),
        "patient:preferences": preferences_path(booking.patient),
        "patient:timeline": course_timeline_path(Course.objects.order_by("id").first()),
    }

"""Every booking, free-cell and time-off link on the day view, the week view and the phone list
opens a page: the test that would have caught the double slash that made them all 404."""

from datetime import timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.urls import NoReverseMatch, reverse

from bookings.models import TimeOff
from tests.factories import MONDAY, BookingFactory, as_user

CHICAGO = ZoneInfo("America/Chicago")
DAY = MONDAY.astimezone(CHICAGO).date().isoformat()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _hrefs(client, url: str, params: dict) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.hrefs


def _busy_day(clinic) -> None:
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=MONDAY,
    )
    BookingFactory(
        appointment_type=clinic.halo_session,
        provider=clinic.dana,
        start=MONDAY + timedelta(hours=1),
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY + timedelta(hours=3),
        status="cancelled",
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY + timedelta(hours=4),
        status="no_show",
    )
    BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.priya,
        start=MONDAY - timedelta(hours=2),
    )  # before opening
    TimeOff.objects.create(
        provider=clinic.priya, start=MONDAY + timedelta(hours=6), end=MONDAY + timedelta(hours=7)
    )


def _time_off_edit_exists() -> bool:
    try:
        reverse("staff:time_off_edit", kwargs={"time_off_id": 1})
    except NoReverseMatch:
        return False
    return True


def test_every_booking_and_free_cell_link_on_the_day_week_and_list_opens(
    client, clinic, frontdesk, frozen_monday
):
    _busy_day(clinic)
    as_user(client, frontdesk)
    pages = [(reverse("staff:day"), {"date": DAY})] + [
        (reverse("staff:week", args=[provider.public_id]), {"week": DAY})
        for provider in (clinic.dana, clinic.priya)
    ]
    hrefs = {href for url, params in pages for href in _hrefs(client, url, params)}
    bookings = {h for h in hrefs if h.startswith("/staff/bookings/") and "/new/" not in h}
    free_cells = {h for h in hrefs if h.startswith(reverse("staff:booking_new") + "?provider=")}
    assert len(bookings) == 5  # the cancelled and the no-show are links too
    assert len(free_cells) > 20
    for href in sorted(bookings | free_cells):
        assert client.get(href).status_code == 200, href


def test_the_day_views_phone_list_links_every_booking_once_more(
    client, clinic, frontdesk, frozen_monday
):
    _busy_day(clinic)
    as_user(client, frontdesk)
    hrefs = _hrefs(client, reverse("staff:day"), {"date": DAY})
    booking_links = [h for h in hrefs if h.startswith("/staff/bookings/") and "/new/" not in h]
    assert len(booking_links) == 2 * 5  # the grid's, then the list's
    assert all(h.count("//") == 0 and h.endswith("/") for h in booking_links)


def test_time_off_opens_its_edit_page_for_those_who_manage_time_off(
    client, clinic, frontdesk, frozen_monday
):
    _busy_day(clinic)
    off = TimeOff.objects.get()
    as_user(client, frontdesk)
    hrefs = _hrefs(client, reverse("staff:day"), {"date": DAY})
    if not _time_off_edit_exists():
        # Until the edit page exists the block is plain text and the page still renders.
        assert not [h for h in hrefs if "/time-off/" in h and "/new/" not in h]
        return
    edit = reverse("staff:time_off_edit", kwargs={"time_off_id": off.pk})
    assert hrefs.count(edit) == 2  # the grid's block and the list's line
    assert client.get(edit).status_code == 200


def test_a_provider_sees_time_off_without_an_edit_link(
    client, clinic, provider_dana, frozen_monday
):
    TimeOff.objects.create(
        provider=clinic.dana, start=MONDAY + timedelta(hours=6), end=MONDAY + timedelta(hours=7)
    )
    as_user(client, provider_dana)
    response = client.get(reverse("staff:day"), {"date": DAY})
    html = response.content.decode()
    assert '<div class="sched-off ' in html
    assert '<a class="sched-off ' not in html

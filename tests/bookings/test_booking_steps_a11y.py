"""What the booking steps say for people who cannot see the whole page at once: a form sent
back with errors opens with a summary linking each field, times say which time zone they are
in, and the times' heading is where focus and the no-JavaScript fragment land."""

import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

from bookings import services
from bookings.links import booking_manage_path
from practice.zones import time_zone_shown
from tests.bookings.test_booking_pages import FORM
from tests.factories import MONDAY, patient_details


class Page(HTMLParser):
    """The ids on a page, and the attributes of every element by id."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = {"tag": tag, **attrs}


def summary_of(html: str) -> str:
    found = re.search(r'<div[^>]*id="error-summary".*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_an_empty_form_comes_back_with_a_summary_linking_every_field(client, clinic, frozen_monday):
    response = client.post("/book/halo/details/", {"start": FORM["start"]})

    assert response.status_code == 400  # the error answer stays a 400
    html = response.content.decode()
    page = Page(html)
    summary = summary_of(html)
    box = page.by_id["error-summary"]
    assert box["role"] == "alert" and box["tabindex"] == "-1"
    assert "There is a problem" in summary
    targets = re.findall(r'href="#([^"]+)"', summary)
    for field in ["first_name", "last_name", "email", "phone", "skin_response"]:
        assert f"id_{field}" in targets
    # A group of radios is reached at its first radio.
    assert "id_cold_sores_0" in targets
    assert all(target in page.by_id for target in targets), "a link to nowhere"
    # Each field keeps its own error, tied to it.
    first = page.by_id["id_first_name"]
    assert first["aria-invalid"] == "true"
    assert all(part in page.by_id for part in first["aria-describedby"].split())
    assert "Error: Your details" in html  # the page's title says so too
    assert html.index("error-summary") < html.index('name="first_name"')


def test_errors_about_the_whole_form_are_in_the_summary(client, clinic, frozen_monday):
    response = client.post("/book/halo/details/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert "We could not take this booking" in summary_of(response.content.decode())


def test_a_good_form_has_no_summary(client, clinic, frozen_monday):
    html = client.get("/book/halo/details/", {"start": FORM["start"]}).content.decode()
    assert 'id="error-summary"' not in html


def test_times_say_which_time_zone_they_are_in(client, clinic, frozen_monday):
    # April in Chicago: daylight time.
    html = client.get("/book/halo/").content.decode()
    assert "Times are in Central Time (Chicago), CDT." in html
    details = client.get("/book/halo/details/", {"start": FORM["start"]}).content.decode()
    assert "Monday 12 April 2027, 9:00 AM CDT" in details
    assert "Times are in Central Time (Chicago)." in details


def test_the_booking_page_and_a_move_say_the_time_zone_too(client, clinic, frozen_monday):
    booking = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY + timedelta(days=7),
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    link = booking_manage_path(booking)
    page = client.get(link).content.decode()
    assert "Monday 19 April 2027, 9:00 AM CDT" in page
    assert "Times are in Central Time (Chicago)." in page
    later = (MONDAY + timedelta(days=14)).isoformat()
    move = client.get(link + "move/confirm/", {"start": later}).content.decode()
    assert "Monday 19 April, 9:00 AM CDT" in move and "Monday 26 April, 9:00 AM CDT" in move


def test_the_zone_abbreviation_follows_the_chosen_day():
    assert time_zone_shown(date(2027, 1, 12)).abbreviation == "CST"
    assert time_zone_shown(date(2027, 7, 12)).abbreviation == "CDT"
    assert time_zone_shown(date(2027, 1, 12)).name == "Central Time (Chicago)"


def test_a_zone_without_an_everyday_name_is_named_by_its_city(settings):
    settings.TIME_ZONE = "Europe/Lisbon"
    assert time_zone_shown(datetime(2027, 7, 12, 9)).name == "Lisbon time"


def test_a_chosen_day_lands_on_its_times_heading_with_or_without_javascript(
    client, clinic, frozen_monday
):
    day = (MONDAY + timedelta(days=7)).date()
    fragment = client.get(f"/book/halo/?date={day}", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    heading = Page(html).by_id["times"]
    assert heading["tabindex"] == "-1"
    assert "Times on Monday 19 April" in html and "Times are in Central Time" in html
    # Without JavaScript a day is a plain link to the same place.
    assert f'href="/book/halo/?date={day}#times"' in html

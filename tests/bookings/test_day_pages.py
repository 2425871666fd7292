"""The days with free times come a page at a time: picking a day keeps the page it was picked
on, and a later page leads back to earlier dates."""

import re
from datetime import date

import pytest

from tests.factories import provider_make


@pytest.fixture
def weekdays_open(clinic, frozen_monday):
    hours = [(day, "09:00", "17:00") for day in range(5)]
    provider_make("Sam", [clinic.halo], hours=hours)  # 40-odd days with free times


def _days(html: str) -> list[str]:
    return re.findall(r'<span class="day-date">([^<]+)</span>', html)


def _link(html: str, css_class: str) -> str | None:
    found = re.search(rf'<a class="{css_class}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_picking_a_day_on_a_later_page_keeps_that_page(client, weekdays_open):
    first = client.get("/book/halo/").content.decode()
    assert _link(first, "earlier-dates") is None
    later = client.get(_link(first, "later-dates")).content.decode()
    page = _days(later)
    assert page[0] == "26 Apr"  # the eleventh day with free times, Monday 12 April first

    picked = client.get("/book/halo/", {"date": "2027-04-29", "from": "2027-04-26"})

    assert _days(picked.content.decode()) == page
    assert picked.context["chosen_day"] == date(2027, 4, 29)


def test_a_later_page_leads_back_to_the_earlier_dates(client, weekdays_open):
    first = client.get("/book/halo/").content.decode()
    later = client.get(_link(first, "later-dates")).content.decode()
    back = client.get(_link(later, "earlier-dates")).content.decode()
    assert _days(back) == _days(first)


def test_the_day_links_carry_the_page_they_are_on(client, weekdays_open):
    later = client.get("/book/halo/", {"from": "2027-04-26"}).content.decode()
    day_links = re.findall(r'<a class="day[^"]*"\s+href="([^"]+)"', later)
    assert day_links and all("from=2027-04-26" in link for link in day_links)

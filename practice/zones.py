"""The clinic's time zone, as its pages name it beside a time: one home for the zone (the
clinic's TIME_ZONE setting) and for its everyday name."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# The everyday names of the zones a clinic is likely to be in; any other zone is named by its
# city ("Lisbon time"), which is still what a patient reads on a clock.
ZONE_NAMES = {
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Toronto": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Winnipeg": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Phoenix": "Mountain Time",
    "America/Edmonton": "Mountain Time",
    "America/Los_Angeles": "Pacific Time",
    "America/Vancouver": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
}


@dataclass(frozen=True)
class ZoneShown:
    """The clinic's time zone as the booking pages name it beside times: "Central Time
    (Chicago)", and its abbreviation on the day in question (CST, or CDT in summer)."""

    name: str
    abbreviation: str


def time_zone_shown(when: date | datetime) -> ZoneShown:
    zone = clinic_zone()
    city = zone.key.rsplit("/", 1)[-1].replace("_", " ")
    general = ZONE_NAMES.get(zone.key)
    if isinstance(when, datetime):
        local = when.astimezone(zone)
    else:  # a whole day: its midday, clear of the small hours a clock change happens in
        local = datetime.combine(when, time(12), tzinfo=zone)
    return ZoneShown(
        name=f"{general} ({city})" if general else f"{city} time",
        abbreviation=local.tzname() or "",
    )

"""Sections other apps add to the public pages: the providers on the home page (bookings),
the aftercare days on a treatment's page (aftercare).

The public pages must not know who adds them (the apps above register from their
AppConfig.ready), so the views ask this registry instead of importing anything. A section is
cached with its page, so an app that registers one bumps the pages' content version when its
data changes (see caching.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Treatment


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


HomeSection = Callable[[], Section | None]
TreatmentSection = Callable[[Treatment], Section | None]

_home: list[HomeSection] = []
_treatment: list[TreatmentSection] = []


def register(*, home: HomeSection | None = None, treatment: TreatmentSection | None = None):
    if home and home not in _home:
        _home.append(home)
    if treatment and treatment not in _treatment:
        _treatment.append(treatment)


def home_sections() -> list[Section]:
    return [section for make in _home if (section := make()) is not None]


def treatment_sections(treatment: Treatment) -> list[Section]:
    return [section for make in _treatment if (section := make(treatment)) is not None]

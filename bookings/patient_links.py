"""Links other apps add to the patient's manage page: aftercare adds the day-by-day timeline of
a treatment, so a patient who reads no email still reaches it.

Bookings must not know who adds them (aftercare registers from its AppConfig.ready).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Booking


@dataclass(frozen=True)
class PatientLink:
    label: str
    url: str
    explains: str = ""


ManageLinks = Callable[[Booking], list[PatientLink]]

_manage: list[ManageLinks] = []


def register(*, manage: ManageLinks) -> None:
    if manage not in _manage:
        _manage.append(manage)


def manage_page_links(booking: Booking) -> list[PatientLink]:
    return [link for source in _manage for link in source(booking)]

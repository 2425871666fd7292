"""What every app holds about one patient, for a copy on request and for erasure.

Bookings holds the record; other apps (aftercare's courses and concerns, the outbox's
messages) add their part here from their AppConfig.ready, so bookings never imports them.
"""

from collections.abc import Callable

from .models import Patient

Export = Callable[[Patient], object]
Erase = Callable[[Patient], None]

_exports: dict[str, Export] = {}
_erasers: list[Erase] = []


def register(*, name: str, export: Export, erase: Erase) -> None:
    _exports[name] = export
    if erase not in _erasers:
        _erasers.append(erase)


def other_sections(patient: Patient) -> dict[str, object]:
    return {name: export(patient) for name, export in _exports.items()}


def others_erase(patient: Patient) -> None:
    for erase in _erasers:
        erase(patient)

"""Charting's part of a patient's data (registered with bookings' registry): a copy of their
charts and addenda on request. Erasure keeps them: a treatment chart is a clinical record the
clinic must retain (like the treatment sessions bookings keeps), and a signed-off chart cannot
be changed at all (migration 0003). The patient's name and contact details, which bookings
erases, are not in a chart; charts reach the patient only through their bookings, so a merge
of two records (which moves bookings) moves the charts with them."""

from bookings import patient_data
from bookings.models import Patient

from .selectors import charts_full


def export(patient: Patient) -> list[dict]:
    charts = charts_full().prefetch_related("addenda__author").filter(booking__patient=patient)
    return [
        {
            "session": chart.booking.start.isoformat(),
            "treatment": chart.booking.treatment.name,
            "provider": chart.booking.provider.display_name,
            "device": chart.device_name,
            "skin_type": chart.skin_type,
            "anaesthetic": chart.anaesthetic,
            "anaesthetic_minutes": chart.anaesthetic_minutes,
            "erythema": chart.erythema,
            "oedema": chart.oedema,
            "adverse_events": chart.adverse_events,
            "notes_for_next_time": chart.next_time_notes,
            "areas": [
                {
                    "area": chart_area.area_name,
                    "settings": {s.label: str(s) for s in chart_area.settings.all()},
                }
                for chart_area in chart.areas.all()
            ],
            "signed_off_at": chart.signed_off_at.isoformat() if chart.signed_off_at else None,
            "addenda": [
                {"at": a.created_at.isoformat(), "author": str(a.author), "text": a.text}
                for a in chart.addenda.all()
            ],
        }
        for chart in charts.order_by("booking__start")
    ]


def erase(patient: Patient) -> None:
    """Clinical records are kept (see the module's note): nothing to erase here."""


patient_data.register(name="charts", export=export, erase=erase)

"""Clinical photos in a patient's data (registered with bookings' registry): the copy on
request lists them (when, which session, view, area), not their bytes; erasure removes them,
files and rows (see services.patient_photos_erase for why)."""

from bookings import patient_data
from bookings.models import Patient

from .models import Photo
from .services import patient_photos_erase


def export(patient: Patient) -> list[dict]:
    return [
        {
            "taken_at": p.taken_at.isoformat(),
            "session": p.booking.start.date().isoformat(),
            "view": p.get_view_display(),
            "phase": p.get_phase_display(),
            "area": p.area.name if p.area_id else "",
        }
        for p in Photo.objects.filter(patient=patient).select_related("booking", "area")
    ]


def erase(patient: Patient) -> None:
    patient_photos_erase(patient=patient)


patient_data.register(name="clinical_photos", export=export, erase=erase)

"""Aftercare's part of a patient's data: their courses and concerns (registered with
bookings' registry for a copy on request and for erasure)."""

from django.db.models import Q

from bookings import patient_data
from bookings.models import Patient

from .models import Concern, Course, Reminder


def export(patient: Patient) -> dict:
    return {
        "courses": [
            {"plan": c.plan_name, "session_date": c.session_date.isoformat(), "status": c.status}
            for c in Course.objects.filter(patient=patient)
        ],
        "concerns": [
            {
                "sent_at": c.created_at.isoformat(),
                "urgency": c.get_urgency_display(),
                "text": c.text,
                "had_photo": bool(c.photo),
                "clinic_reply": c.handled_note if c.note_is_reply else "",
            }
            for c in Concern.objects.filter(patient=patient)
        ],
    }


def erase(patient: Patient) -> None:
    for concern in Concern.objects.filter(patient=patient).exclude(photo=""):
        concern.photo.delete(save=False)
    erased = "(erased on the patient's request)"
    concerns = Concern.objects.filter(patient=patient)
    concerns.update(text=erased, photo="")
    # A handled concern must still say that it was handled; what it said goes.
    concerns.filter(resolved_at__isnull=False).update(handled_note=erased)
    Reminder.objects.filter(Q(patient=patient), status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )


patient_data.register(name="aftercare", export=export, erase=erase)

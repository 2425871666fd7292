"""Aftercare's part of a patient's data: their courses and concerns (registered with
bookings' registry for a copy on request and for erasure)."""

from bookings import patient_data
from bookings.models import Patient

from .models import Concern, Course, Reminder
from .states import reminders_move


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
    reminders_move(
        Reminder.objects.filter(patient=patient),
        to=Reminder.Status.CANCELLED,
        from_states=[Reminder.Status.PENDING],
    )


patient_data.register(name="aftercare", export=export, erase=erase)

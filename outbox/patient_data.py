"""The outbox's part of a patient's data: what was sent to them and the texts they sent
(registered with bookings' registry for a copy on request and for erasure)."""

from bookings import patient_data
from bookings.models import Patient

from .models import InboundText, Message
from .states import messages_move


def export(patient: Patient) -> dict:
    return {
        "messages_sent": [
            {
                "what": m.kind_label,
                "by": m.get_channel_display(),
                "to": m.to,
                "subject": m.subject,
                "status": m.get_status_display(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in Message.objects.filter(patient=patient).order_by("created_at")
        ],
        "texts_received": [
            {"at": t.received_at.isoformat(), "body": t.body}
            for t in InboundText.objects.filter(patient=patient)
        ],
    }


def erase(patient: Patient) -> None:
    mine = Message.objects.filter(patient=patient)
    messages_move(
        mine,
        from_status=Message.Status.PENDING,
        to_status=Message.Status.CANCELLED,
        reason="The patient's data was erased",
    )
    mine.update(to="erased", subject="(erased)", text="", html="", calendar="", headers={})
    InboundText.objects.filter(patient=patient).update(body="(erased)", from_number="erased")


patient_data.register(name="messages", export=export, erase=erase)

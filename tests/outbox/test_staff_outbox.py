"""Staff see every message and what became of it, and send one again: a failed one as it
was, a sent one as a new message. Who may is the role table's; every look is audited."""

from django.core import mail
from django.urls import reverse

from bookings.models import AuditEntry
from outbox.models import Message
from outbox.sending import messages_send_due
from tests.factories import as_user, booking_book


def _failed(clinic, settings) -> Message:
    booking_book(clinic)
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.aftercare.failing_backend.RefusingBackend"
    messages_send_due()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return Message.objects.get(status="failed")


def test_the_desk_finds_a_failed_confirmation_and_tries_again(
    client, clinic, frozen_monday, frontdesk, settings
):
    failed = _failed(clinic, settings)
    as_user(client, frontdesk)
    page = client.get(reverse("staff_outbox:messages")).content.decode()
    assert "Booking confirmation" in page and "SMTPServerDisconnected" in page
    detail = reverse("staff_outbox:message", kwargs={"message_id": failed.public_id})
    assert "Try again now" in client.get(detail).content.decode()
    client.post(reverse("staff_outbox:resend", kwargs={"message_id": failed.public_id}))
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    messages_send_due()
    assert mail.outbox[0].extra_headers["Message-ID"] == failed.message_id  # the same message
    assert AuditEntry.objects.filter(what="message sent again", actor=frontdesk).exists()
    assert AuditEntry.objects.filter(what="outbox", action="view").exists()


def test_sending_a_sent_message_again_writes_a_new_one(client, clinic, frozen_monday, frontdesk):
    booking_book(clinic)
    messages_send_due()
    sent = Message.objects.get()
    as_user(client, frontdesk)
    client.post(reverse("staff_outbox:resend", kwargs={"message_id": sent.public_id}))
    again = Message.objects.exclude(pk=sent.pk).get()
    assert again.resend_of == sent and again.created_by == frontdesk
    assert again.message_id != sent.message_id  # else the patient's mail would drop it
    assert again.text == sent.text


def test_a_provider_may_look_but_not_resend(client, clinic, frozen_monday, provider_dana, settings):
    failed = _failed(clinic, settings)
    as_user(client, provider_dana)  # the booking is hers: she may see its messages
    assert client.get(reverse("staff_outbox:messages")).status_code == 200
    url = reverse("staff_outbox:resend", kwargs={"message_id": failed.public_id})
    assert client.post(url).status_code == 403
    failed.refresh_from_db()
    assert failed.status == "failed"
    assert AuditEntry.objects.filter(action="denied").exists()


def test_the_patient_page_lists_their_messages(client, clinic, frozen_monday, frontdesk):
    booking = booking_book(clinic)
    as_user(client, frontdesk)
    url = reverse("staff:patient", kwargs={"patient_id": booking.patient.public_id})
    page = client.get(url).content.decode()
    assert "Messages sent" in page and "Booking confirmation" in page
    assert "Waiting to go" in page


def test_a_message_about_someone_elses_patient_is_not_found(
    client, clinic, frozen_monday, provider_dana
):
    booking = booking_book(clinic, provider=clinic.priya, email="other@example.com")
    message = Message.objects.get(booking=booking)
    as_user(client, provider_dana)
    url = reverse("staff_outbox:message", kwargs={"message_id": message.public_id})
    assert client.get(url).status_code == 404

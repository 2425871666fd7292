"""Booking a treatment asks for its forms by the patient's channel, once; a reminder goes 48
hours before if they are still unsigned, and not once they are signed."""

from datetime import timedelta

from consent import selectors
from consent.models import FormRequest
from outbox.models import Message
from tests.factories import MONDAY, halo_session, sign
from tests.readable import readable


def forms_messages(kind=None):
    found = Message.objects.filter(kind__in=["forms_request", "forms_reminder"])
    return found.filter(kind=kind) if kind else found


def test_booking_a_session_asks_for_its_forms_once_with_a_reminder(session_booked):
    assert FormRequest.objects.filter(patient=session_booked.patient).count() == 2
    request = forms_messages("forms_request").get()
    assert request.to == "ana@example.com"
    assert "we need your signature on 2 forms." in request.text
    # Which forms they are stays on the signed page: a consent form's title names its treatment.
    for part in (request.text, request.html):
        assert "HALO consent" not in readable(part) and "Medical history" not in readable(part)
    assert "/forms/" in request.text
    reminder = forms_messages("forms_reminder").get()
    assert reminder.due_at == session_booked.start - timedelta(hours=48)
    assert reminder.status == "pending"


def test_a_confirmation_announced_twice_asks_once(session_booked):
    from bookings import signals
    from bookings.models import Booking

    signals.booking_confirmed.send(sender=Booking, booking=session_booked)
    assert forms_messages().count() == 2
    assert FormRequest.objects.count() == 2


def test_a_consultation_asks_for_no_forms(clinic, forms, frozen_monday):
    from bookings import services
    from tests.factories import patient_details

    services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
    )
    assert not forms_messages().exists()


def test_signing_everything_cancels_the_waiting_reminder(session_booked):
    for request in FormRequest.objects.filter(signed_at__isnull=True):
        sign(request)
    reminder = forms_messages("forms_reminder").get()
    assert reminder.status == "cancelled"


def test_signing_one_of_two_keeps_the_reminder(forms, session_booked):
    intake, _ = forms
    sign(FormRequest.objects.get(template=intake))
    assert forms_messages("forms_reminder").get().status == "pending"


def test_a_second_session_with_forms_signed_asks_nothing_more(clinic, session_booked):
    for request in FormRequest.objects.all():
        sign(request)
    halo_session(clinic, session_booked.patient, MONDAY + timedelta(days=14))
    assert forms_messages("forms_request").count() == 1


def test_a_medical_history_older_than_the_clinics_setting_is_asked_again(
    clinic, forms, session_booked
):
    from treatments.models import Clinic

    intake, _ = forms
    sign(FormRequest.objects.get(template=intake), now=MONDAY - timedelta(days=200))
    Clinic.objects.update(intake_valid_months=6)
    states = {s.template.pk: s for s in selectors.booking_form_states(session_booked)}
    assert states[intake.pk].state == selectors.EXPIRED
    halo_session(clinic, session_booked.patient, MONDAY + timedelta(days=14))
    assert FormRequest.objects.filter(template=intake, signed_at__isnull=True).count() == 1
    Clinic.objects.update(intake_valid_months=12)
    assert selectors.form_states(session_booked.patient, [intake])[0].state == selectors.SIGNED


def test_moving_the_session_moves_the_reminder(session_booked, frozen_monday):
    from bookings import services

    new_start = session_booked.start + timedelta(days=7)  # Dana works Mondays
    services.booking_reschedule(booking=session_booked, start=new_start, actor=None, online=False)
    waiting = forms_messages("forms_reminder").filter(status="pending").get()
    assert waiting.due_at == new_start - timedelta(hours=48)


def test_cancelling_the_session_drops_its_waiting_forms_messages(session_booked):
    from bookings import services

    services.booking_cancel(booking=session_booked, reason="", by_patient=True)
    assert not forms_messages().filter(status="pending").exists()


def test_no_answer_or_note_ever_goes_into_the_message(forms, session_booked):
    for message in forms_messages():
        assert "pregnan" not in (message.text + message.html).lower()

"""Who may read a signed form, send the link again or hand the tablet over; every look is
audited. The tablet shows one form and nothing else, and ends when it is signed."""

import re
from datetime import timedelta

import pytest

from bookings.models import AuditEntry
from consent.models import FormRequest, FormSubmission, KioskSession
from outbox.models import Message
from tests.factories import as_user, shown, sign, staff_user
from tests.readable import readable


def signed(forms, booking):
    intake, consent = forms
    return (
        sign(FormRequest.objects.get(template=intake)),
        sign(FormRequest.objects.get(template=consent)),
    )


def url(submission) -> str:
    return f"/staff/forms/signed/{submission.public_id}/"


def test_the_front_desk_reads_a_consent_but_not_a_medical_history(
    client, forms, session_booked, frontdesk
):
    history, consent = signed(forms, session_booked)
    as_user(client, frontdesk)
    page = client.get(url(consent))
    assert page.status_code == 200 and b"exactly what was signed" in page.content
    assert client.get(url(history)).status_code == 403
    assert AuditEntry.objects.filter(action="denied", what="signed form").count() == 1
    assert AuditEntry.objects.filter(action="view", what="signed form").count() == 1


def test_a_provider_reads_her_patients_history_and_another_provider_does_not(
    client, clinic, forms, session_booked, provider_dana
):
    history, _ = signed(forms, session_booked)
    as_user(client, provider_dana)
    assert client.get(url(history)).status_code == 200
    priya = staff_user("priya", "Provider")
    clinic.priya.user = priya
    clinic.priya.save(update_fields=["user"])
    as_user(client, priya)
    assert client.get(url(history)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, forms, session_booked):
    history, _ = signed(forms, session_booked)
    response = client.get(url(history))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    booking = f"/staff/forms/booking/{session_booked.public_id}/"
    assert client.post(f"{booking}send/").status_code == 302
    assert not Message.objects.filter(created_by__isnull=False).exists()


def test_the_desk_sends_the_link_again_as_a_message_of_its_own(client, session_booked, frontdesk):
    as_user(client, frontdesk)
    response = client.post(f"/staff/forms/booking/{session_booked.public_id}/send/")
    assert response.status_code == 302
    again = Message.objects.get(kind="forms_request", created_by=frontdesk)
    assert again.event_key is None and "/forms/" in again.text


def test_the_tablet_shows_one_form_signs_it_and_ends(client, forms, session_booked, frontdesk):
    _, consent = forms
    as_user(client, frontdesk)
    start = f"/staff/forms/booking/{session_booked.public_id}/tablet/{consent.pk}/"
    response = client.post(start)
    assert response.status_code == 302 and response["Location"] == "/forms/tablet/"
    # The desk is signed out of this browser: the patient holding it reaches no staff page.
    signed_out = client.get("/staff/schedule/")
    assert signed_out.status_code == 302 and "/staff/login/" in signed_out["Location"]
    page = client.get("/forms/tablet/")
    assert b"HALO consent" in page.content and b"Staff" not in page.content
    done = client.post(
        "/forms/tablet/",
        {"typed_name": "Ana Patient", "typed_signature": "on", "version_shown": shown(consent)},
    )
    assert b"hand the tablet back" in done.content
    submission = FormSubmission.objects.get()
    assert submission.signed_on == "tablet" and submission.kiosk_started_by == frontdesk
    assert KioskSession.objects.get().ended_at is not None
    assert b"Nothing to sign here" in client.get("/forms/tablet/").content


def test_back_on_the_tablet_keeps_the_patient_on_her_form_until_it_is_handed_back(
    client, forms, session_booked, frontdesk
):
    _, consent = forms
    as_user(client, frontdesk)
    client.post(f"/staff/forms/booking/{session_booked.public_id}/tablet/{consent.pk}/")

    # Back to the schedule the desk had open: the form again, saying why, never a login
    # that claims a session ran out.
    back = client.get("/staff/schedule/", follow=True)
    page = back.content.decode()
    assert back.request["PATH_INFO"] == "/forms/tablet/"
    assert "HALO consent" in page and "stay closed on it" in page
    assert "idle minutes" not in page

    handed = client.post("/forms/tablet/hand-back/")
    assert "The form was not signed" in handed.content.decode()
    assert KioskSession.objects.get().ended_at is not None
    assert not FormSubmission.objects.exists()
    assert client.get("/staff/login/").status_code == 200  # the clinic's tablet again


def test_a_tablet_left_alone_runs_out(client, forms, session_booked, frontdesk, frozen_monday):
    _, consent = forms
    as_user(client, frontdesk)
    client.post(f"/staff/forms/booking/{session_booked.public_id}/tablet/{consent.pk}/")
    frozen_monday.shift(timedelta(minutes=31))
    assert b"Nothing to sign here" in client.get("/forms/tablet/").content


def test_signing_again_on_the_tablet_is_a_correction_beside_the_first(
    client, forms, session_booked, frontdesk
):
    _, consent = forms
    first = sign(FormRequest.objects.get(template=consent))
    as_user(client, frontdesk)
    client.post(f"/staff/forms/booking/{session_booked.public_id}/tablet/{consent.pk}/")
    client.post(
        "/forms/tablet/",
        {"typed_name": "Ana M Patient", "typed_signature": "on", "version_shown": shown(consent)},
    )
    second = FormSubmission.objects.exclude(pk=first.pk).get()
    assert second.corrects == first and second.typed_name == "Ana M Patient"
    first.refresh_from_db()
    assert first.typed_name == "Ana Patient"


def test_the_grid_and_booking_page_show_the_consent_state(client, forms, session_booked, frontdesk):
    as_user(client, frontdesk)
    day = session_booked.start.astimezone().date()
    grid = client.get(f"/staff/schedule/?date={day:%Y-%m-%d}").content.decode()
    assert "Consent sent" in grid
    sign(FormRequest.objects.get(template=forms[1]))
    grid = client.get(f"/staff/schedule/?date={day:%Y-%m-%d}").content.decode()
    assert "Consent signed" in grid
    page = client.get(f"/staff/bookings/{session_booked.public_id}/").content.decode()
    assert "HALO consent" in page and "Sign on the clinic tablet" in page
    # Said once: "Signed 12 Apr 2027", never "Signed signed 12 Apr 2027".
    panel = readable(page)
    assert re.search(r"HALO consent Signed \d{1,2} \w{3} \d{4}", panel), panel


def test_a_cancelled_sessions_block_says_nothing_about_its_consent(
    client, forms, session_booked, frontdesk
):
    from bookings import services as booking_services

    as_user(client, frontdesk)
    day = session_booked.start.astimezone().date()

    def block_tags() -> str:
        grid = client.get(f"/staff/schedule/?date={day:%Y-%m-%d}").content.decode()
        block = grid[grid.index(f'{session_booked.public_id}/">') :]
        return block[: block.index("</a>")]

    assert "Consent sent" in block_tags()
    booking_services.booking_cancel(booking=session_booked, reason="", by_patient=True)
    tags = block_tags()
    assert "Cancelled" in tags and "Consent" not in tags


def test_nothing_is_sent_or_handed_over_for_a_cancelled_booking(
    client, forms, session_booked, frontdesk
):
    from bookings import services as booking_services

    booking_services.booking_cancel(booking=session_booked, reason="", by_patient=True)
    as_user(client, frontdesk)
    assert client.post(f"/staff/forms/booking/{session_booked.public_id}/send/").status_code == 403
    start = f"/staff/forms/booking/{session_booked.public_id}/tablet/{forms[1].pk}/"
    assert client.post(start).status_code == 403
    assert not KioskSession.objects.exists()


def test_who_reads_a_signature_follows_the_signed_versions_kind_not_the_template(
    client, forms, session_booked, frontdesk
):
    from consent.models import FormTemplate
    from tests.factories import TreatmentFactory

    history, _ = signed(forms, session_booked)
    # The template turned into a consent after it was signed: the history stays clinical.
    FormTemplate.objects.filter(pk=history.version.template_id).update(
        kind="consent", treatment=TreatmentFactory(slug="toning")
    )
    as_user(client, frontdesk)
    assert client.get(url(history)).status_code == 403


def test_the_admin_refuses_questions_on_a_consent_and_a_new_kind_once_signed(
    client, forms, manager
):
    from django.core.exceptions import ValidationError

    from consent.admin import questions_validate

    with pytest.raises(ValidationError, match="Only the medical history"):
        questions_validate([{"key": "a", "label": "A?", "kind": "yes_no"}], kind="consent")
    manager.is_staff = manager.is_superuser = True
    manager.save()
    as_user(client, manager)
    page = client.get(f"/admin/consent/formtemplate/{forms[0].pk}/change/").content.decode()
    assert 'name="kind"' not in page


def test_a_later_no_to_photos_wins(forms, session_booked):
    from consent.selectors import photo_release_given

    _, consent = forms
    first = sign(FormRequest.objects.get(template=consent))
    assert first.photo_release is True and photo_release_given(session_booked.patient)
    from consent import services
    from consent.models import KioskSession
    from tests.factories import StaffUserFactory

    request = services.form_request_open(
        patient=session_booked.patient, template=consent, booking=session_booked
    )
    # Her link shows the form signed; a changed answer is signed again on the clinic tablet.
    services.form_sign(
        request=request,
        version=services.form_version_latest(consent),
        answers={},
        photo_release=False,
        signature=services.Signature("Ana Patient", "typed", None),
        signed_on="tablet",
        ip_address=None,
        user_agent="",
        kiosk=KioskSession.objects.create(request=request, started_by=StaffUserFactory()),
    )
    assert not photo_release_given(session_booked.patient)

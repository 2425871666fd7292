"""A patient signs on their phone through the booking's signed link: typed name plus a drawn
signature (or the typed-name checkbox), with when, where from and on what; bad input changes
nothing; a tampered or dead link leads nowhere."""

import re

from consent.links import forms_path
from consent.models import FormRequest, FormSubmission
from tests.factories import blank_signature, drawn_signature, shown


def sign_url(booking, template) -> str:
    return f"{forms_path(booking)}{template.pk}/"


def answers(**extra):
    return {"q_pregnant": "no", "q_skin_type": "II", "q_medicines": "", **extra}


def test_a_patient_signs_the_consent_with_a_drawn_signature(client, forms, session_booked):
    _, consent = forms
    page = client.get(sign_url(session_booked, consent))
    assert page.status_code == 200
    assert b"Pigment change" in page.content and b"signature-pad" in page.content
    response = client.post(
        sign_url(session_booked, consent),
        {
            "typed_name": " Ana  Patient ",
            "signature": drawn_signature(),
            "photo_release": "yes",
            "version_shown": page.context["form"].version.pk,
        },
        HTTP_USER_AGENT="Phone browser",
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 302 and response["Location"].endswith("?signed=1")
    submission = FormSubmission.objects.get()
    assert submission.typed_name == "Ana Patient"
    assert submission.signed_with == "drawn" and bytes(submission.signature_png)[:4] == b"\x89PNG"
    assert submission.photo_release is True
    assert (submission.ip_address, submission.user_agent) == ("198.51.100.9", "Phone browser")
    assert submission.signed_on == "link"
    assert FormRequest.objects.get(template=consent).signed_at is not None
    listing = client.get(forms_path(session_booked))
    assert b"Signed" in listing.content and b"Thank you" not in listing.content


def test_the_typed_name_and_checkbox_sign_without_drawing(client, forms, session_booked):
    intake, _ = forms
    response = client.post(
        sign_url(session_booked, intake),
        answers(typed_name="Ana Patient", typed_signature="on", version_shown=shown(intake)),
    )
    assert response.status_code == 302
    assert FormSubmission.objects.get().signed_with == "typed"


def test_no_signature_a_blank_box_or_no_answers_changes_nothing(client, forms, session_booked):
    intake, consent = forms
    for data, url in [
        ({"typed_name": "Ana Patient"}, sign_url(session_booked, consent)),
        (
            {"typed_name": "Ana Patient", "signature": blank_signature()},
            sign_url(session_booked, consent),
        ),
        (
            {"typed_name": "Ana", "signature": "data:image/png;base64,!!!"},
            sign_url(session_booked, consent),
        ),
        ({"typed_name": "Ana Patient", "typed_signature": "on"}, sign_url(session_booked, intake)),
        (answers(typed_name="", typed_signature="on"), sign_url(session_booked, intake)),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert b"There is a problem" in response.content
    assert not FormSubmission.objects.exists()


def test_the_medical_history_starts_from_the_screening_answers(
    client, clinic, forms, frozen_monday
):
    from datetime import timedelta

    from bookings import services
    from tests.factories import MONDAY, halo_session, patient_details

    consultation = services.booking_create(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start=MONDAY,
        provider=clinic.dana,
        patient_details=patient_details(),
        source="online",
        intake_answers={"pregnant": "yes", "skin_response": "never_burns"},
    )
    frozen_monday.move_to(MONDAY + timedelta(minutes=5))
    services.booking_transition(booking=consultation, to_status="checked_in")
    services.booking_transition(booking=consultation, to_status="completed")
    session = halo_session(clinic, consultation.patient, MONDAY + timedelta(days=7))
    page = client.get(sign_url(session, forms[0])).content.decode()
    assert re.search(r'name="q_pregnant" value="yes"[^>]*checked', page)
    # "Very rarely or never burns" at booking starts the medical history at Fitzpatrick V.
    assert re.search(r'name="q_skin_type" value="V"[^>]*checked', page)


def test_signing_twice_is_refused_kindly(client, forms, session_booked):
    _, consent = forms
    data = {"typed_name": "Ana Patient", "typed_signature": "on", "version_shown": shown(consent)}
    assert client.post(sign_url(session_booked, consent), data).status_code == 302
    again = client.post(sign_url(session_booked, consent), data)
    assert again.status_code == 302  # signed: back to the list, nothing new
    assert FormSubmission.objects.count() == 1


def test_a_tampered_link_or_a_cancelled_booking_leads_nowhere(client, forms, session_booked):
    from bookings import services

    good = forms_path(session_booked)
    assert client.get(good[:-5] + "xxxx/").status_code == 404
    assert client.get(f"{good}999999/").status_code == 404
    services.booking_cancel(booking=session_booked, reason="", by_patient=True)
    assert client.get(good).status_code == 404


def test_the_service_signs_a_request_once(forms, session_booked):
    import pytest

    from consent.services import ConsentError
    from tests.factories import sign

    request = FormRequest.objects.get(template=forms[1])
    sign(request)
    with pytest.raises(ConsentError, match="already signed"):
        sign(request)
    assert FormSubmission.objects.count() == 1


def test_a_form_updated_while_open_is_read_again_before_it_is_signed(client, forms, session_booked):
    from consent import services

    _, consent = forms
    url = sign_url(session_booked, consent)
    shown = client.get(url).context["form"].version.pk
    consent.body += "\n\n- A risk added today"
    consent.save()
    services.form_version_publish(template=consent)
    data = {"typed_name": "Ana Patient", "typed_signature": "on", "version_shown": shown}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert b"updated while it was open" in refused.content
    assert b"A risk added today" in refused.content
    assert not FormSubmission.objects.exists()
    data["version_shown"] = refused.context["form"].version.pk
    assert client.post(url, data).status_code == 302
    assert FormSubmission.objects.get().version.number == 2


def test_the_service_refuses_words_that_are_no_longer_the_latest(forms, session_booked):
    import pytest

    from consent import services

    _, consent = forms
    first = services.form_version_latest(consent)
    consent.body += " Changed."
    consent.save()
    services.form_version_publish(template=consent)
    with pytest.raises(services.ConsentError, match="updated"):
        services.form_sign(
            request=FormRequest.objects.get(template=consent),
            version=first,
            answers={},
            photo_release=True,
            signature=services.Signature("Ana Patient", "typed", None),
            signed_on="link",
            ip_address=None,
            user_agent="",
        )

"""A form's words are versioned; what a patient signed keeps the words and version they saw,
and neither can be changed afterwards (the app offers no way; PostgreSQL refuses)."""

import pytest
from django.db import DatabaseError, transaction

from consent import rendering, services
from consent.models import FormRequest, FormVersion
from tests.factories import sign


def test_editing_a_form_publishes_a_new_version_and_an_unchanged_save_does_not(forms):
    _, consent = forms
    assert services.form_version_publish(template=consent) is None
    consent.body += "\n\n- Itching"
    consent.save()
    version = services.form_version_publish(template=consent)
    assert version.number == 2
    assert "Itching" in version.body
    assert consent.versions.count() == 2


def test_an_old_signature_still_shows_the_old_text(forms, session_booked):
    _, consent = forms
    request = FormRequest.objects.get(template=consent)
    submission = sign(request)
    consent.body = "## Risks\n- Entirely new words"
    consent.save()
    services.form_version_publish(template=consent)
    submission.refresh_from_db()
    assert submission.version.number == 1
    assert "Pigment change" in submission.rendered_text
    assert "Entirely new words" not in submission.rendered_text
    assert rendering.text_hash(submission.rendered_text) == submission.content_hash


def test_the_signed_text_holds_answers_photo_consent_and_signer(forms, session_booked):
    intake, _ = forms
    submission = sign(FormRequest.objects.get(template=intake), answers={"pregnant": "yes"})
    assert "Are you pregnant? Yes" in submission.rendered_text
    assert "Signed by Ana Patient (typed name as signature)" in submission.rendered_text
    assert submission.flags == ["Pregnant, or did not say."]


def test_the_database_refuses_to_change_a_signed_form(forms, session_booked):
    _, consent = forms
    submission = sign(FormRequest.objects.get(template=consent))
    with pytest.raises(DatabaseError), transaction.atomic():
        type(submission).objects.filter(pk=submission.pk).update(typed_name="Someone Else")
    with pytest.raises(DatabaseError), transaction.atomic():
        FormVersion.objects.filter(template=consent).update(body="rewritten")
    submission.refresh_from_db()
    assert submission.typed_name == "Ana Patient"


def test_a_merge_may_move_a_signed_form_to_the_record_kept(forms, session_booked):
    from bookings.models import Patient

    _, consent = forms
    submission = sign(FormRequest.objects.get(template=consent))
    other = Patient.objects.create(first_name="Ana", last_name="P", email="ana2@example.com")
    type(submission).objects.filter(pk=submission.pk).update(patient=other)
    submission.refresh_from_db()
    assert submission.patient == other


def test_questions_in_the_admin_must_name_known_kinds():
    from django.core.exceptions import ValidationError

    from consent.admin import questions_validate

    questions_validate([{"key": "a", "label": "A?", "kind": "yes_no"}])
    for wrong in ([{"key": "a"}], [{"key": "a", "label": "A", "kind": "essay"}], "nope"):
        with pytest.raises(ValidationError):
            questions_validate(wrong)

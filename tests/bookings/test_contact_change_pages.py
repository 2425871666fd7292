"""The patient corrects their email or phone from the manage link: the link on the manage page,
the form for the new address, the page for the code, and back to the manage page saying what
the record now holds. Bad input gets a message beside the field and changes nothing; every
write draws on the public write budget. Read from the elements that show the words."""

import re
import uuid

import pytest

from bookings import services
from bookings.links import booking_manage_path
from bookings.models import ContactChange, Patient
from outbox.models import Message
from tests.factories import PatientFactory
from tests.page_element import page_element


def element(response, **which) -> tuple[str, dict]:
    found = page_element(response, **which)
    assert found.attrs is not None, f"no element {which} on the page"
    return " ".join("".join(found.pieces).split()), found.attrs


@pytest.fixture
def contact_url(booking):
    return booking_manage_path(booking) + "contact/"


def _code() -> str:
    return re.search(r"\b(\d{6})\b", Message.objects.get(kind="contact_code").text).group(1)


def test_the_manage_page_links_to_the_change(client, booking, contact_url):
    words, attrs = element(client.get(booking_manage_path(booking)), id="contact-change-link")
    assert (words, attrs["href"]) == ("Wrong email or phone? Change it", contact_url)


def test_a_patient_changes_their_email_with_the_code_sent_to_it(client, booking, contact_url):
    page = client.get(contact_url)
    assert element(page, id="change-email")[0].startswith("Email We have ana@example.com.")

    sent = client.post(contact_url, {"kind": "email", "email-new_value": "ana.new@example.org"})
    change = ContactChange.objects.get()
    assert sent.status_code == 302 and sent.url == f"{contact_url}{change.public_id}/"
    code_page = client.get(sent.url)
    assert element(code_page, id="code-sent-to")[0] == (
        "We emailed a 6-digit code to ana.new@example.org. It works for 15 minutes."
    )
    _, field = element(code_page, id="id_code")
    assert (field["autocomplete"], field["inputmode"]) == ("one-time-code", "numeric")
    assert Patient.objects.get().email == "ana@example.com"  # nothing yet

    done = client.post(sent.url, {"code": _code()}, follow=True)

    assert done.redirect_chain == [(booking_manage_path(booking), 302)]
    words, _ = element(done, cls="alert-success")
    assert words == "Your email is now ana.new@example.org."
    assert Patient.objects.get().email == "ana.new@example.org"


def test_a_patient_changes_their_phone(client, booking, contact_url):
    sent = client.post(contact_url, {"kind": "phone", "phone-new_value": "773 555 0148"})
    assert element(client.get(sent.url), id="code-sent-to")[0].startswith(
        "We texted a 6-digit code to (773) 555-0148."
    )
    done = client.post(sent.url, {"code": _code()}, follow=True)
    assert element(done, cls="alert-success")[0] == "Your mobile number is now (773) 555-0148."


def test_a_wrong_code_is_said_beside_the_field_and_changes_nothing(client, contact_url):
    sent = client.post(contact_url, {"kind": "email", "email-new_value": "ana.new@example.org"})
    wrong = f"{(int(_code()) + 1) % 1_000_000:06d}"

    response = client.post(sent.url, {"code": wrong})

    assert response.status_code == 400
    assert element(response, id="error_1_id_code")[0] == "That code isn't right. 4 tries left."
    assert Patient.objects.get().email == "ana@example.com"


@pytest.mark.parametrize(
    ("sent", "shown_in", "words"),
    [
        ({}, "contact-refusal", "Please choose whether to change your email"),
        ({"kind": "fax", "fax-new_value": "1"}, "contact-refusal", "Please choose whether"),
        ({"kind": "email", "email-new_value": ""}, "error_1_id_email-new_value", "required"),
        ({"kind": "email", "email-new_value": "ana@"}, "error_1_id_email-new_value", "like name@"),
        ({"kind": "email", "email-new_value": "x" * 5000}, "error_1_id_email-new_value", "254"),
        # A NUL byte never reaches the view: the request is refused as unreadable.
        ({"kind": "email", "email-new_value": "a\x00@b.org"}, "h1", "could not be read"),
        ({"kind": "phone", "phone-new_value": "call me"}, "error_1_id_phone-new_value", "mobile"),
        (
            {"kind": "email", "email-new_value": "taken@example.org"},
            "error_1_id_email-new_value",
            "on another patient's record",
        ),
    ],
    ids=["no-kind", "unknown-kind", "empty", "not-an-email", "huge", "nul", "not-a-phone", "taken"],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, contact_url, sent, shown_in, words):
    PatientFactory(email="taken@example.org")
    response = client.post(contact_url, sent)
    assert response.status_code == 400
    which = {"tag": shown_in} if shown_in == "h1" else {"id": shown_in}
    assert words in element(response, **which)[0]
    assert (
        not ContactChange.objects.exists()
        and not Message.objects.filter(kind="contact_code").exists()
    )


@pytest.mark.parametrize("typed", ["", "x" * 5000, "abcdef"], ids=str.__len__)
def test_a_code_that_is_no_code_is_refused_without_spending_a_try(client, contact_url, typed):
    sent = client.post(contact_url, {"kind": "email", "email-new_value": "n@example.org"})
    response = client.post(sent.url, {"code": typed})
    assert response.status_code == 400
    assert element(response, id="error_1_id_code")[0]
    assert ContactChange.objects.get().attempts == 0


def test_a_change_of_another_patient_or_none_is_the_invalid_link_page(client, contact_url):
    stranger = services.contact_change_start(
        patient=PatientFactory(), kind="email", new_value="s@example.org"
    )
    for path in (f"{contact_url}{stranger.public_id}/", f"{contact_url}{uuid.uuid4()}/"):
        response = client.post(path, {"code": "123456"})
        assert response.status_code == 404
    assert client.get(f"{contact_url}not-a-uuid/").status_code == 404
    stranger.refresh_from_db()
    assert stranger.attempts == 0


def test_asking_and_confirming_draw_on_the_public_write_budget(client, settings, contact_url):
    settings.BOOKING_RATE_LIMIT = "1/h"
    sent = client.post(contact_url, {"kind": "email", "email-new_value": "n@example.org"})
    assert sent.status_code == 302

    refused = client.post(sent.url, {"code": _code()})

    assert refused.status_code == 429
    assert Patient.objects.get().email == "ana@example.com"
    assert (
        client.post(contact_url, {"kind": "phone", "phone-new_value": "7735550148"}).status_code
        == 429
    )
    assert ContactChange.objects.count() == 1

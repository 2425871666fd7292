"""Signed links, one helper (practice/links.py): a token of one kind never opens another, each
kind lives as long as it says (forms links expire; preference and one-click stop links keep
working years later), a token whose values are not what its kind carries is no link, and no
module signs a link any other way."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import signing

from aftercare.links import UNSUBSCRIBE_LINK, patient_from_unsubscribe_token, unsubscribe_path
from bookings.links import MANAGE_LINK, booking_from_manage_token, booking_manage_token
from bookings.preferences import patient_from_preferences_token, preferences_token
from consent.links import FORMS_LINK, booking_from_forms_token, forms_token
from practice.links import LinkKind, link_open, link_sign, link_values
from tests.factories import MONDAY, halo_session

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_token_of_one_kind_never_opens_another(clinic, consulted_patient, frozen_monday):
    booking = halo_session(clinic, consulted_patient, MONDAY + timedelta(days=14))
    manage, forms = booking_manage_token(booking), forms_token(booking)

    assert booking_from_manage_token(manage) == booking
    assert booking_from_forms_token(forms) == booking
    assert booking_from_manage_token(forms) is None
    assert booking_from_forms_token(manage) is None


def test_a_forms_link_expires(clinic, consulted_patient, frozen_monday, settings):
    settings.FORMS_LINK_MAX_AGE_DAYS = 30
    # Booked by the desk far ahead: the link, not the booking, is what ends.
    booking = halo_session(clinic, consulted_patient, MONDAY + timedelta(weeks=12))
    token = forms_token(booking)

    frozen_monday.shift(timedelta(days=29))
    assert booking_from_forms_token(token) == booking
    frozen_monday.shift(timedelta(days=2))
    assert booking_from_forms_token(token) is None


def test_preference_and_stop_links_still_work_years_later(patient):
    preferences, stop = preferences_token(patient), unsubscribe_path(patient).split("/")[-2]

    with time_machine.travel(timedelta(days=3 * 365 + 1)):
        assert patient_from_preferences_token(preferences) == patient
        assert patient_from_unsubscribe_token(stop) == patient
    assert UNSUBSCRIBE_LINK.max_age_seconds is None


@pytest.mark.parametrize(
    "data",
    [{"b": 5, "t": None}, {"b": "x"}, ["b", "t"], "b", None, {"b": ["x"], "t": "y"}],
    ids=["numbers", "a value missing", "a list", "a string", "null", "a nested list"],
)
def test_a_signed_token_with_values_its_kind_does_not_carry_is_no_link(data):
    token = signing.dumps(data, salt=MANAGE_LINK.salt)  # validly signed, wrongly shaped

    assert link_open(MANAGE_LINK, token) is None
    assert booking_from_manage_token(token) is None


@pytest.mark.parametrize("token", ["", "x", "a:b:c", "é" * 40, "\x00", "%00"])
def test_garbage_is_no_link(token):
    assert link_values(FORMS_LINK, token) is None


def test_a_link_is_made_with_exactly_the_values_of_its_kind():
    kind = LinkKind("tests.kind", fields=("a",), max_age_setting=None)
    with pytest.raises(ValueError):
        link_sign(kind, a="1", b="2")
    assert link_values(kind, link_sign(kind, a="1")) == {"a": "1"}


def test_an_expired_link_is_told_apart_for_the_kinds_that_let_some_outlive_it(settings):
    settings.BOOKING_LINK_MAX_AGE_DAYS = 1
    with time_machine.travel(MONDAY, tick=False) as clock:
        token = link_sign(MANAGE_LINK, b="b" * 32, t="secret")
        clock.shift(timedelta(days=2))
        opened = link_open(MANAGE_LINK, token)
        assert opened.expired and opened.values == {"b": "b" * 32, "t": "secret"}
        assert link_values(MANAGE_LINK, token) is None


def test_no_module_signs_or_reads_a_link_but_the_helper():
    # One home: a new kind of link is a LinkKind, never another signing.dumps with its own
    # salt, its own except clause and, too easily, no expiry.
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in ("tests", ".venv", "medspa.egg-info") or "migrations" in (
            relative.parts
        ):
            continue
        if relative == Path("practice/links.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("dumps", "loads")
                and isinstance(node.value, ast.Name)
                and node.value.id == "signing"
            ):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []

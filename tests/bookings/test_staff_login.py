from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

LOGIN = "/staff/login/"


@pytest.fixture
def user(frontdesk):
    frontdesk.set_password("a-long-test-password")
    frontdesk.save()
    return frontdesk


def _login(client, password):
    return client.post(LOGIN, {"username": "desk", "password": password})


def test_staff_log_in_and_land_on_the_schedule(client, user):
    response = _login(client, "a-long-test-password")
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == reverse(
        "staff:day"
    )


def test_a_wrong_password_says_so_on_the_page(client, user):
    response = _login(client, "nope")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_five_failures_lock_the_login_even_for_the_right_password(client, user):
    for _ in range(5):
        _login(client, "wrong")
    response = _login(client, "a-long-test-password")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_fifteen_minutes(client, user):
    for _ in range(5):
        _login(client, "wrong")
    with time_machine.travel(timedelta(minutes=16)):
        assert _login(client, "a-long-test-password").status_code == 302


def test_an_idle_session_ends_and_asks_for_the_login_again(client, user):
    _login(client, "a-long-test-password")
    assert client.get(reverse("staff:day")).status_code == 200
    with time_machine.travel(timedelta(minutes=31)):
        response = client.get(reverse("staff:day"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_activity_keeps_the_session_alive(client, user):
    _login(client, "a-long-test-password")
    for minutes in (20, 40, 60):
        with time_machine.travel(timedelta(minutes=minutes)):
            assert client.get(reverse("staff:day")).status_code == 200


def test_weak_passwords_are_refused_by_the_validators(user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678", user)

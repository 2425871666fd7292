"""A staff session that runs out says so, warns before it does, and returns to the page."""

from datetime import timedelta

from django.urls import reverse

from tests.factories import MONDAY, as_user


def test_an_expired_session_says_so_on_the_login_page_and_returns_to_the_page(
    client, clinic, frontdesk, frozen_monday
):
    as_user(client, frontdesk)
    patients = reverse("staff:patients")
    assert client.get(patients).status_code == 200
    frozen_monday.move_to(MONDAY + timedelta(hours=2))  # far past the 30 idle minutes
    response = client.get(patients, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("staff:login") + "?next=")
    assert "Your session ended after 30 idle minutes" in response.content.decode()
    back = client.post(
        response.redirect_chain[-1][0],
        {"username": "desk", "password": "a-long-test-password", "next": patients},
    )
    assert back.status_code == 302 and back["Location"] == patients


def test_a_first_visit_to_the_login_page_does_not_talk_of_an_ended_session(client, clinic):
    assert "session ended" not in client.get(reverse("staff:login")).content.decode()


def test_staff_pages_carry_the_expiry_warning_and_stay_signed_in_renews(client, clinic, frontdesk):
    as_user(client, frontdesk)
    page = client.get(reverse("staff:patients")).content.decode()
    assert 'id="session-warning"' in page and 'data-idle-seconds="1800"' in page
    assert client.get(reverse("staff:keepalive")).status_code == 204

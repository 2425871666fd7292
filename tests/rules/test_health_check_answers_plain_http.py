"""The load balancer's health check asks /healthz over plain http, with no X-Forwarded-Proto:
it gets its 200 even where every other page is sent to https (SECURE_SSL_REDIRECT, on in
production). tests/settings.py turns the redirect off for the test client; here it is on."""

import pytest


@pytest.fixture
def https_redirect_on(settings):
    # Read by SecurityMiddleware when the client's handler is built, at its first request.
    settings.SECURE_SSL_REDIRECT = True


def test_the_health_check_answers_200_over_plain_http(client, https_redirect_on, db):
    for response in (client.get("/healthz"), client.head("/healthz")):
        assert response.status_code == 200
        assert "Location" not in response


def test_other_pages_are_still_sent_to_https(client, https_redirect_on, db):
    for address in ("/", "/healthz/", "/healthzz", "/staff/login/", "/static/healthz"):
        response = client.get(address)

        assert response.status_code == 301, address
        assert response["Location"] == f"https://testserver{address}"

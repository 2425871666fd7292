"""A text's short link (/m/<code>): a NUL in the path is refused before it reaches the
database (it answered 500 on PostgreSQL), and one address opening codes one after another is
stopped (SHORT_LINK_RATE_LIMIT), while another address is not."""

import pytest

from outbox.models import ShortLink

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/m/%00", "/m/a%00b", "/m/a%00b/"])
def test_a_nul_in_the_path_is_a_clear_400(client, clinic, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "characters that are not text" in response.content.decode()


def test_one_address_trying_codes_is_stopped_and_another_is_not(client, clinic, settings):
    settings.SHORT_LINK_RATE_LIMIT = "3/m"
    link = ShortLink.objects.create(target="/privacy/")

    assert [client.get(f"/m/guess{n}").status_code for n in range(3)] == [404, 404, 404]
    refused = client.get(f"/m/{link.code}")  # even a real code, once the budget is spent
    assert refused.status_code == 429
    assert "links opened from your connection" in refused.content.decode()

    other = client.get(f"/m/{link.code}", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302 and other["Location"] == "/privacy/"

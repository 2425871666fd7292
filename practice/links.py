"""Signed links: the one way a link the app sends a patient (manage a booking, sign forms, the
aftercare timeline, a photo, message preferences, one-click stop) is made and read.

A token holds a few random public ids and secrets (never a sequential id, never a name),
signed with the site's secret key under the salt of its kind, so a token of one kind never
opens another. Each kind says how long its links live: most expire, read from a setting in
days; the preference and one-click stop links never do, because an unsubscribe must keep
working for as long as the messages that carry it can be read (RFC 8058; a year at least).

Reading a link never raises: a tampered, truncated or foreign token, or one whose values are
not what its kind carries, is simply no link (None), and the page says so.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing


@dataclass(frozen=True)
class LinkKind:
    """One kind of link: its salt, the values its token carries, and the setting that says
    how many days it lives (None: it never expires)."""

    salt: str
    fields: tuple[str, ...]
    max_age_setting: str | None

    @property
    def max_age_seconds(self) -> int | None:
        if self.max_age_setting is None:
            return None
        return getattr(settings, self.max_age_setting) * 24 * 3600


@dataclass(frozen=True)
class OpenedLink:
    values: dict[str, str]
    # Older than its kind allows. A caller that lets some links outlive their age (a booking
    # can always be managed until a week after it) decides; the rest refuse expired links.
    expired: bool


def link_sign(kind: LinkKind, **values: str) -> str:
    if set(values) != set(kind.fields):
        raise ValueError(f"a {kind.salt} link carries {kind.fields}, not {tuple(values)}")
    return signing.dumps(values, salt=kind.salt)


def _values(kind: LinkKind, data) -> dict[str, str] | None:
    if not isinstance(data, dict) or not all(isinstance(data.get(f), str) for f in kind.fields):
        return None
    return {field: data[field] for field in kind.fields}


def link_open(kind: LinkKind, token: str) -> OpenedLink | None:
    """The link's values and whether it is past its age, or None for no link at all."""
    try:
        try:
            data = signing.loads(token, salt=kind.salt, max_age=kind.max_age_seconds)
            expired = False
        except signing.SignatureExpired:
            data, expired = signing.loads(token, salt=kind.salt), True
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    values = _values(kind, data)
    return OpenedLink(values, expired) if values is not None else None


def link_values(kind: LinkKind, token: str) -> dict[str, str] | None:
    """The link's values, or None for a link that is tampered, malformed or expired."""
    opened = link_open(kind, token)
    return opened.values if opened is not None and not opened.expired else None

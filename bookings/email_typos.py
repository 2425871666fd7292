"""A likely typo in a common email domain ("gmial.com"): a patient who mistypes it never gets
their confirmation, their reminders or their link."""

import difflib

COMMON_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "live.com",
    "msn.com",
    "me.com",
    "comcast.net",
    "att.net",
    "verizon.net",
    "sbcglobal.net",
    "proton.me",
    "protonmail.com",
)


def email_suggestion(email: str) -> str | None:
    """ "ana@gmail.com" for "ana@gmial.com"; None when the domain is common or not close."""
    local, _, domain = email.rpartition("@")
    domain = domain.lower()
    if not local or domain in COMMON_DOMAINS:
        return None
    close = difflib.get_close_matches(domain, COMMON_DOMAINS, n=1, cutoff=0.8)
    return f"{local}@{close[0]}" if close else None

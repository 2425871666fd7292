"""A browser handed over: the clinic's tablet given to a patient to sign a form. The staff
member is signed out of it, and until the patient is done every staff address leads back to
the form (the staff login reads this key), so Back keeps the patient on her form instead of
showing a login that says a session ran out. The app that hands over (consent) sets the key
and clears it when the form is signed or handed back."""

HANDED_OVER_KEY = "handed_over_to"  # in the session: the path of what the patient is doing


def handed_over_to(session) -> str | None:
    return session.get(HANDED_OVER_KEY) or None

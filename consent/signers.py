"""Who may sign a patient's form: the patient, with a name that is theirs, or someone who says
they sign for the patient (a parent, a guardian, a legal representative) with their own name
and relationship, which the signed record then shows.

"Is this name the patient's" tolerates what real people type: any case, with or without
accents, with middle names, and with either of two surnames or a hyphenated one, so María
José García López may sign "María García" or "maria lopez". What it refuses is a name that is
someone else's: "Harper Nakamura" for Grace Whitcombe."""

import re
import unicodedata


def _words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    # O'Brien is obrien, typed with or without it (a phone types U+2019 for ').
    plain = re.sub(r"['\u2019`]", "", plain)
    return [word for word in re.split(r"[\W_]+", plain) if word]


def name_is_the_patients(typed_name: str, *, first_name: str, last_name: str) -> bool:
    """The patient's first given name and one of their surnames are among the typed words."""
    typed = set(_words(typed_name))
    given, surnames = _words(first_name), _words(last_name)
    if not given or not surnames:  # a record with one name: that name must be there
        return bool(typed & set(given + surnames))
    return given[0] in typed and bool(typed & set(surnames))

"""The kinds of message, each declared by the app that sends it.

The outbox knows no kind of its own accord: an app declares each kind it writes (from its
AppConfig.ready), with its label for the staff pages, the channels it may go by and whether
quiet hours hold it back. `Message.kind` is the declared name, with no list of choices in the
database, so a new app adds a kind with no migration in the outbox. A message of a kind no one
declared is refused when it is written (message_build), and the sweep asks the declaration,
at sending, whether a text must wait for the morning.

Declared today: the outbox's own (what a booking and a contact change confirm), aftercare's
(reminders, tips, concerns) and consent's (forms to sign). Their names stay in Message.Kind,
where the code that writes them finds them.
"""

from dataclasses import dataclass

EMAIL, SMS = "email", "sms"


@dataclass(frozen=True)
class MessageKind:
    name: str  # in Message.kind
    label: str  # on the staff pages and in the audit log
    app: str  # the app that declared it
    channels: frozenset[str] = frozenset({EMAIL, SMS})
    # A text of this kind never arrives in the night, even when a retry falls there: care, not
    # the answer to something the patient just did.
    quiet_hours: bool = False


_DECLARED: dict[str, MessageKind] = {}


def message_kind_declare(
    *,
    name: str,
    label: str,
    app: str,
    channels: frozenset[str] = frozenset({EMAIL, SMS}),
    quiet_hours: bool = False,
) -> MessageKind:
    """Declares a kind; declaring the same again is harmless (a second ready() in tests), two
    different declarations of one name are a bug."""
    kind = MessageKind(name, label, app, frozenset(channels), quiet_hours)
    if _DECLARED.setdefault(name, kind) != kind:
        raise ValueError(f"Message kind {name!r} is declared twice, differently")
    return kind


def message_kind(name: str) -> MessageKind:
    """The declaration of `name`; LookupError if no app declared it."""
    try:
        return _DECLARED[name]
    except KeyError:
        raise LookupError(f"No app declared the message kind {name!r}") from None


def message_kind_waits_for_quiet_hours(name: str) -> bool:
    """Asked by the sweep: an old row of a kind no longer declared (its app gone) is sent as
    it is, not left to loop."""
    declared = _DECLARED.get(name)
    return declared is not None and declared.quiet_hours


def message_kind_label(name: str) -> str:
    """What the staff read: the declared label, or the bare name for an old row whose kind is
    no longer declared (its app gone), which must still show."""
    declared = _DECLARED.get(name)
    return declared.label if declared else name.replace("_", " ").capitalize()


def message_kinds() -> list[MessageKind]:
    return sorted(_DECLARED.values(), key=lambda kind: kind.name)

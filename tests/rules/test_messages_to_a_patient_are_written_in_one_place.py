"""A message to a patient, by each channel they take, is written by one function:
outbox/services.py `message_queue_for` (or `messages_build_for`, for a sweep's batch). The
"for each channel, build a text or an email" loop once lived in four apps; this test reads
every app's source and fails when a module builds messages itself or writes one down outside
the few places that write to an address the patient's choices do not decide."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "practice",
    "treatments",
    "bookings",
    "outbox",
    "consent",
    "charting",
    "photos",
    "aftercare",
]
HOME = "outbox/services.py"
# Where one message goes to one address, whatever the patient's channels say.
SINGLE_ADDRESS = {
    "aftercare/services.py",  # a concern's alert, to the clinic's own email and phone
    "outbox/contact.py",  # a code to a new email or phone, not yet on the record
}


def _calls(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def written_outside_the_one_place(root: Path = ROOT) -> list[str]:
    wrong = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative or relative == HOME:
                continue
            calls = _calls(path)
            if "message_build" in calls:
                wrong.append(f"{relative} builds messages itself")
            if "message_queue" in calls and relative not in SINGLE_ADDRESS:
                wrong.append(f"{relative} writes a message outside message_queue_for")
    return wrong


def test_messages_to_a_patient_are_written_only_by_message_queue_for():
    assert written_outside_the_one_place() == []


def test_the_rule_sees_a_module_with_its_own_loop(tmp_path):
    for app in APPS:
        (tmp_path / app).mkdir()
    (tmp_path / "consent" / "services.py").write_text(
        "for channel in channels_for(patient):\n"
        "    message_queue(kind=kind, channel=channel, to=to, text=text)\n"
    )
    (tmp_path / "aftercare" / "sending.py").write_text("built = [message_build(**fields)]\n")
    assert sorted(written_outside_the_one_place(tmp_path)) == [
        "aftercare/sending.py builds messages itself",
        "consent/services.py writes a message outside message_queue_for",
    ]

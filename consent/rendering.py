"""A form's words as the patient reads them, and as they are kept once signed.

The body is plain text with three conventions (a '## ' heading, '- ' points, blank lines
between paragraphs), so a manager can write it in the admin without HTML and nothing a form
says can run as markup. What was signed is kept as text (`signed_text`) with its SHA-256.
"""

import hashlib
import json
from dataclasses import dataclass, field

from bookings.screening import NO, PREFER_NOT, SKIN_RESPONSES, UNSURE, YES

from .models import FormVersion

# The answers each kind of question offers, as (value, label).
ANSWERS = {
    "yes_no": [(YES, "Yes"), (NO, "No")],
    "yes_no_unsure": [(YES, "Yes"), (NO, "No"), (UNSURE, "Not sure")],
    "yes_no_prefer_not": [(YES, "Yes"), (NO, "No"), (PREFER_NOT, "Prefer not to say")],
    "skin_type": [
        ("I", "Type I: always burns, never tans"),
        ("II", "Type II: burns easily, tans a little"),
        ("III", "Type III: sometimes burns, tans gradually"),
        ("IV", "Type IV: rarely burns, tans easily"),
        ("V", "Type V: very rarely burns, brown skin"),
        ("VI", "Type VI: never burns, deeply pigmented skin"),
        (UNSURE, "Not sure"),
    ],
    "text": [],
}
# The booking screening's sun question, put as the Fitzpatrick type it suggests.
SKIN_RESPONSE_TYPE = dict(
    zip([value for value, _ in SKIN_RESPONSES], ["I", "II", "III", "IV", "V", UNSURE], strict=True)
)


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def body_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("## "):
            close()
            blocks.append(Block("heading", line[3:].strip()))
        elif line.startswith("- "):
            close()
            if not blocks or blocks[-1].kind != "list":
                blocks.append(Block("list"))
            blocks[-1].items.append(line[2:].strip())
        else:
            paragraph.append(line)
    close()
    return blocks


def content_hash(*, title: str, body: str, questions: list, photo_release_text: str) -> str:
    """What makes two versions the same words: saving a form unchanged publishes nothing."""
    canonical = json.dumps(
        {"title": title, "body": body, "questions": questions, "photo": photo_release_text},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def answer_label(question: dict, value: str) -> str:
    if not value:
        return "Not answered"
    return dict(ANSWERS.get(question.get("kind", "text"), [])).get(value, value)


def answers_flags(questions: list[dict], answers: dict) -> list[str]:
    """What the provider is told before treating, from the answers that matter."""
    return [
        q.get("note") or f"{q['label']} {answer_label(q, answers.get(q['key'], ''))}"
        for q in questions
        if answers.get(q["key"]) in set(q.get("flag", []))
    ]


def signed_text(
    *,
    version: FormVersion,
    answers: dict,
    photo_release: bool | None,
    typed_name: str,
    signed_with: str,
    signed_at_label: str,
    signed_for: str = "",
    relationship: str = "",
) -> str:
    """The whole form as signed, in plain text: kept on the submission and hashed.
    `signed_for` and `relationship`: the patient's name and the signer's relationship to
    them, when someone signs for the patient."""
    lines = [version.title, f"Version {version.number}", ""]
    for block in body_blocks(version.body):
        if block.kind == "heading":
            lines += [block.text.upper(), ""]
        elif block.kind == "list":
            lines += [f"- {item}" for item in block.items] + [""]
        else:
            lines += [block.text, ""]
    if version.questions:
        lines += ["ANSWERS", ""]
        for question in version.questions:
            lines.append(
                f"{question['label']} {answer_label(question, answers.get(question['key'], ''))}"
            )
        lines.append("")
    if version.asks_photo_release:
        lines += [
            "PHOTO CONSENT",
            version.photo_release_text,
            f"Answer: {'Yes, I agree' if photo_release else 'No, I do not agree'}",
            "",
        ]
    how = "drawn signature" if signed_with == "drawn" else "typed name as signature"
    signer = typed_name
    if relationship:
        signer = f"{typed_name}, {relationship.lower()}, for the patient {signed_for}"
    lines.append(f"Signed by {signer} ({how}) on {signed_at_label}.")
    return "\n".join(lines)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()

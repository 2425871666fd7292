"""The short screening questionnaire a laser provider needs before a consultation.

Answers never block a booking. Answers that make someone a less suitable candidate, or that
the provider must act on before treating, are flagged for the provider to see first.
"""

from treatments.models import Treatment

YES, NO, UNSURE, PREFER_NOT = "yes", "no", "unsure", "prefer_not"

YES_NO_UNSURE = [(YES, "Yes"), (NO, "No"), (UNSURE, "Not sure")]
YES_NO = [(YES, "Yes"), (NO, "No")]

SKIN_RESPONSES = [
    ("always_burns", "Always burns, never tans"),
    ("burns_easily", "Burns easily, tans a little"),
    ("sometimes_burns", "Sometimes burns, tans gradually"),
    ("rarely_burns", "Rarely burns, tans easily"),
    ("never_burns", "Very rarely or never burns; deeply pigmented skin"),
    ("unsure", "Not sure"),
]

QUESTIONS = {
    "medicated_products": "Are you using retinoids (such as Retin-A) or other medicated or "
    "prescription skin products?",
    "cold_sores": "Have you had cold sores near the area you would like treated?",
    "active_acne": "Do you have active acne at the moment?",
    "skin_response": "How does your skin react to the sun?",
    "pregnant": "Are you pregnant or breastfeeding?",
    "recent_sun": "Have you had a lot of sun or a tan in the last two weeks?",
    "hopes": "What would you like to improve?",
}

# (question, answers that raise the flag, what the provider is told). Kept to what the
# clinic's facts say matters; the provider decides, the patient is never turned away here.
FLAG_RULES = [
    (
        "medicated_products",
        {YES, UNSURE},
        "Uses retinoids or medicated skin products: these are stopped before laser treatment.",
    ),
    (
        "cold_sores",
        {YES, UNSURE},
        "History of cold sores near the area: antiviral medication may be needed beforehand.",
    ),
    ("active_acne", {YES}, "Active acne: a less suitable candidate for ablative resurfacing."),
    (
        "skin_response",
        {"rarely_burns", "never_burns"},
        "Darker skin type: higher risk of pigment change while healing after ablative lasers.",
    ),
    ("pregnant", {YES, UNSURE, PREFER_NOT}, "Pregnant or breastfeeding, or did not say."),
    ("recent_sun", {YES}, "Recent sun exposure or tan."),
]


def screening_flags(answers: dict, *, treatment: Treatment | None = None) -> list[str]:
    """The provider-facing notes raised by a patient's answers, in a stable order."""
    return [note for key, values, note in FLAG_RULES if answers.get(key) in values]


def screening_summary(answers: dict) -> list[tuple[str, str]]:
    """(question, answer as the patient saw it) for staff pages."""
    labels = dict(YES_NO_UNSURE + SKIN_RESPONSES + [(PREFER_NOT, "Prefer not to say")])
    return [
        (question, labels.get(answers.get(key), answers.get(key) or "Not answered"))
        for key, question in QUESTIONS.items()
    ]

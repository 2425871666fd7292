"""The demo clinic's forms, written for this project from ../shared/clinic-facts.md. A real
clinic replaces them with its own, reviewed by its medical director, in the admin."""

PHOTO_RELEASE = (
    "I agree that the clinic may take before-and-after photos of the treated areas, keep them "
    "in my record, and show them to me. They are never published or shared without a separate, "
    "written agreement. Saying no does not change my treatment."
)

MEDICAL_HISTORY = {
    "title": "Medical and skin history",
    "body": """Your provider reads this before every laser session. Answer as well as you can; \
if you are not sure, say so and we will talk it through at your visit.

## Why we ask
- Some medicines and skin products make the skin react more strongly to laser light.
- Cold sores can flare after treatment near the mouth; medication beforehand prevents it.
- Skin that tans easily or is deeply pigmented can change colour while healing, so the \
settings are chosen with care.

Tell us if anything changes before your session: a new medicine, a tan, a pregnancy.""",
    "questions": [
        {
            "key": "pregnant",
            "label": "Are you pregnant or breastfeeding?",
            "kind": "yes_no_prefer_not",
            "flag": ["yes", "prefer_not"],
            "note": "Pregnant or breastfeeding, or did not say.",
        },
        {
            "key": "medicated_products",
            "label": "Have you used retinoids (such as Retin-A) or other medicated skin products "
            "in the last two weeks?",
            "kind": "yes_no_unsure",
            "flag": ["yes", "unsure"],
            "note": "Retinoids or medicated products in the last two weeks.",
        },
        {
            "key": "cold_sores",
            "label": "Have you ever had cold sores near the area to be treated?",
            "kind": "yes_no_unsure",
            "flag": ["yes", "unsure"],
            "note": "History of cold sores near the area: consider antivirals beforehand.",
        },
        {
            "key": "active_acne",
            "label": "Do you have active acne at the moment?",
            "kind": "yes_no",
            "flag": ["yes"],
            "note": "Active acne.",
        },
        {
            "key": "recent_sun",
            "label": "Have you had a lot of sun, a tan or a spray tan in the last two weeks?",
            "kind": "yes_no",
            "flag": ["yes"],
            "note": "Recent sun or tan.",
        },
        {
            "key": "skin_type",
            "label": "Which is closest to how your skin reacts to the sun?",
            "kind": "skin_type",
            "flag": ["IV", "V", "VI"],
            "note": "Fitzpatrick type IV-VI: higher risk of pigment change while healing.",
        },
        {
            "key": "medicines",
            "label": "Which medicines, supplements and skin products do you use now?",
            "kind": "text",
        },
        {
            "key": "allergies",
            "label": "Any allergies (medicines, numbing creams, latex, adhesives)?",
            "kind": "text",
        },
        {
            "key": "healing",
            "label": "Do you scar easily, or have you had raised (keloid) scars?",
            "kind": "yes_no_unsure",
            "flag": ["yes", "unsure"],
            "note": "Scars easily or keloid history.",
        },
    ],
}

CONSENTS = {
    "halo": {
        "title": "Consent to HALO hybrid fractional laser treatment",
        "body": """## What the treatment is
HALO treats tiny columns of skin with two kinds of laser light at once: one removes \
microscopic columns of the surface, the other warms deeper zones to start new collagen. \
Up to about a third of the skin's surface is treated in one session. A series of three \
sessions is usual.

## What to expect
- Numbing cream is applied first; during the pass most people feel warmth, heat or snapping.
- Afterwards the skin is red and warm like a sunburn and may swell for a day or two.
- From about day two the skin feels like sandpaper and may show tiny dark dots. These flake \
off by themselves within a week.
- Results build over the following months.

## Risks
- Redness and swelling that last longer than expected.
- Changes in skin colour (darker or lighter patches), most often in skin that tans easily.
- A cold-sore flare near the mouth; infection; acne flares; rarely, scarring.
- Results differ from person to person and are not guaranteed.

## My part in the aftercare
- I will not pick, scratch or scrub the flaking skin.
- I will use a gentle cleanser and moisturiser, and broad-spectrum sunscreen every day, and \
keep out of direct sun for two weeks.
- I will stop retinoids and medicated products as told, and restart them only when my \
provider says.
- I will call the clinic if anything worries me.

## My agreement
I have had the chance to ask questions and have them answered. I understand I may stop \
the treatment at any time.""",
        "valid_months": 12,
    },
    "laser-toning": {
        "title": "Consent to laser skin toning",
        "body": """## What the treatment is
Laser toning sends short pulses of light into the skin to break up pigment and damaged \
cells, which the body then clears over the following weeks. The surface of the skin is not \
removed. It is given as a series of sessions several weeks apart.

## What to expect
- A warm, prickling feeling during the pulses; numbing cream may be used.
- Mild redness, swelling or sensitivity for a few days.
- Results are gradual and keep improving after the series.

## Risks
- Temporary darker or lighter patches of skin.
- Swelling, discomfort, and rarely blistering.
- Results differ from person to person and are not guaranteed.

## My part in the aftercare
- I will keep out of strong sun and use broad-spectrum sunscreen every day.
- I will moisturise and use soothing products as advised.
- I will call the clinic if anything worries me.

## My agreement
I have had the chance to ask questions and have them answered. I understand I may stop \
the treatment at any time.""",
        "valid_months": 12,
    },
    "laser-resurfacing": {
        "title": "Consent to ablative laser resurfacing (CO2 or Erbium)",
        "body": """## What the treatment is
An ablative laser removes damaged skin layer by layer and heats the skin beneath so that \
it grows new collagen. A CO2 laser goes deeper and takes up to about two weeks to heal; an \
Erbium laser takes about two to three days.

## What to expect
- Redness, swelling, itching or stinging for several days; some areas may be raw or ooze.
- The skin peels, then stays pink, fading over two to three months (longer for some people).
- The skin stays sensitive to the sun for up to a year.

## Risks
- Infection, which may need antibiotics; a cold-sore flare around the mouth.
- Acne flares, milia (tiny white bumps), long-lasting redness.
- Darker or lighter patches of skin, more likely in skin that tans easily.
- Scarring, which is rare.
- Results differ from person to person and are not guaranteed.

## My part in the aftercare
- I will clean the area as often and with what my provider tells me.
- I will never pick crusts or peeling skin.
- I will sleep with my head raised, use cold packs as advised and not smoke while healing.
- I will protect my skin with sunscreen every day and stay out of the sun.
- I will call the clinic at once if I see signs of infection or anything worries me.

## My agreement
I have had the chance to ask questions and have them answered. I understand I may stop \
the treatment at any time.""",
        "valid_months": 12,
    },
}

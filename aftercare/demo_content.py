"""Demo content for the aftercare app: one care plan per demo treatment.

Plain data only (no Django imports); the demo loader turns each plan into a CarePlan and its
steps into CareSteps. The texts are written from the clinic facts sheet (clinic-facts.md) and
say nothing clinical that the sheet does not; where a clinic would give its own instructions,
they send the patient to the provider or ask them to call. They go into reminder emails and the
timeline page, so each is short plain text, with optional "- " bullet lines.

Each step: "day" is the offset from the session day (negative: before it); "title", "expect"
(what to expect) and "todo" (what to do) are the texts; "kind" is a StepKind value; "email"
says whether the step sends a reminder, at "time" (local, "HH:MM"); "repeat_every" and
"repeat_until" (the last day offset, inclusive) are both None for a one-off step.
"""

CARE_PLANS = {
    "halo": {
        "name": "HALO aftercare",
        "healing_days": 14,
        "steps": [
            {
                "day": -14,
                "title": "Two weeks to go: pause retinoids and keep it simple",
                "expect": "",
                "todo": (
                    "- From today, stop using retinoids and any other medicated or irritating "
                    "skin products, unless your provider has given you different timing.\n"
                    "- Until your session, stick to the basics: a gentle cleanser, a "
                    "moisturizer and SPF.\n"
                    "- Not sure about a product? Call us and ask."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": -3,
                "title": "A few days to go: plan some quiet time",
                "expect": (
                    "HALO comes with some downtime, so your skin will want a few calm days "
                    "after your treatment."
                ),
                "todo": (
                    "- Keep the first few days after your session free of big plans.\n"
                    "- Have you ever had cold sores near the area being treated? Tell your "
                    "provider before your session: you may be given an antiviral medicine to "
                    "take ahead of time."
                ),
                "kind": "expectation",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 0,
                "title": "Treatment day: soothing the warmth",
                "expect": (
                    "Your skin will feel warm and look red, much as it would after a sunburn. "
                    "It may also swell a little."
                ),
                "todo": (
                    "- An ice pack helps with swelling today and tomorrow.\n"
                    "- Sleep with an extra pillow under your head tonight.\n"
                    "- Stay out of the sun."
                ),
                "kind": "expectation",
                "email": True,
                "time": "18:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 1,
                "title": "Day 1: cleanse gently, then moisturize",
                "expect": "Over the next couple of days, redness and swelling start to calm down.",
                "todo": (
                    "Wash with a gentle cleanser, then apply a nourishing moisturizer. Keep "
                    "this up through day 3, or as your provider directs."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 1,
                "title": "Sunscreen on, sun off",
                "expect": "",
                "todo": (
                    "- Put on a broad-spectrum sunscreen this morning.\n"
                    "- Keep out of direct sun, and avoid long spells outdoors, until day 14."
                ),
                "kind": "sunscreen",
                "email": True,
                "time": "08:30",
                "repeat_every": 1,
                "repeat_until": 14,
            },
            {
                "day": 2,
                "title": "Redness and swelling settling",
                "expect": "Day by day, your skin is calming: redness and swelling should ease.",
                "todo": "Keep washing with a gentle cleanser and following up with moisturizer.",
                "kind": "expectation",
                "email": False,
                "time": "09:00",
                "repeat_every": 1,
                "repeat_until": 3,
            },
            {
                "day": 2,
                "title": "Feeling rough? That's MENDS coming up",
                "expect": (
                    "Around now your skin may feel like fine sandpaper. The roughness is "
                    "called MENDS (microscopic epidermal necrotic debris): tiny bits of "
                    "treated skin working their way out. Small dark specks may show up too, "
                    "and last a few days."
                ),
                "todo": "This is an expected part of the process. Keep up your gentle routine.",
                "kind": "expectation",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 4,
                "title": "Let the flakes fall away by themselves",
                "expect": "Between days 4 and 7, the MENDS flake off without any help from you.",
                "todo": (
                    "- Don't pick, scratch or scrub your skin, however tempting it is.\n"
                    "- Keep cleansing gently and moisturizing."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 7,
                "title": "One week in: how is your skin healing?",
                "expect": "By about now, most of the flaking should be behind you.",
                "todo": (
                    "If anything doesn't look or feel right to you, call us and we'll help. "
                    "Keep up your daily sunscreen and stay out of strong sun until day 14."
                ),
                "kind": "check_in",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 14,
                "title": "Two weeks: your results are showing",
                "expect": (
                    "You should see a clear change by now: smoother skin with more glow. It "
                    "goes on getting better over the coming months."
                ),
                "todo": "Keep wearing sunscreen every day to protect your results.",
                "kind": "expectation",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 21,
                "title": "Weekly reminder: protect your results",
                "expect": "",
                "todo": (
                    "- Wear sunscreen every single day.\n"
                    "- Stay with the medical-grade skincare routine your provider recommended."
                ),
                "kind": "sunscreen",
                "email": True,
                "time": "09:00",
                "repeat_every": 7,
                "repeat_until": 84,
            },
            {
                "day": 28,
                "title": "Week 4: back to retinoids, if your provider agrees",
                "expect": "",
                "todo": (
                    "Around now you can usually go back to retinoids and glycolic acid "
                    "products. If your provider gave you other timing, follow that, and call "
                    "us if you're unsure."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 28,
                "title": "Time to book your next HALO session",
                "expect": (
                    "HALO is usually recommended as a series of three sessions, and the next "
                    "one in yours is coming up."
                ),
                "todo": (
                    "Book it with the button on your timeline page, or call us and we'll find "
                    "a time that suits you."
                ),
                "kind": "next_session",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
        ],
    },
    "laser-toning": {
        "name": "Laser skin toning aftercare",
        "healing_days": 7,
        "steps": [
            {
                "day": -14,
                "title": "Before toning: ask about your skin products",
                "expect": "",
                "todo": (
                    "Ask your provider whether to pause retinoids or any other products before "
                    "your session, and follow the instructions they give you. Call us if "
                    "you're not sure."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 0,
                "title": "Treatment day: a little redness is expected",
                "expect": (
                    "For a few days your skin may look mildly red or a bit swollen, or feel "
                    "sensitive. Toning leaves the outer layer of your skin in place, so "
                    "downtime is minimal."
                ),
                "todo": (
                    "- Stay out of the sun.\n"
                    "- Moisturize, or use a soothing cream, to keep your skin comfortable."
                ),
                "kind": "expectation",
                "email": True,
                "time": "18:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 1,
                "title": "Keep your skin comfortable",
                "expect": "",
                "todo": "Moisturize or use a soothing cream whenever your skin feels sensitive.",
                "kind": "skin_care",
                "email": False,
                "time": "09:00",
                "repeat_every": 1,
                "repeat_until": 3,
            },
            {
                "day": 1,
                "title": "Morning sunscreen reminder",
                "expect": "",
                "todo": (
                    "- Put on sunscreen this morning.\n"
                    "- Avoid the sun as much as you can while your skin settles."
                ),
                "kind": "sunscreen",
                "email": True,
                "time": "08:30",
                "repeat_every": 1,
                "repeat_until": 7,
            },
            {
                "day": 3,
                "title": "Checking in: how does your skin feel?",
                "expect": "Any redness, swelling or sensitivity usually lasts only a few days.",
                "todo": "If something doesn't seem right, or anything worries you, call us.",
                "kind": "check_in",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 7,
                "title": "Results build gradually",
                "expect": (
                    "Toning works step by step. Your skin keeps improving for months once "
                    "your series is complete."
                ),
                "todo": "Keep up your sunscreen and moisturizer.",
                "kind": "expectation",
                "email": False,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 28,
                "title": "Time to book your next toning session",
                "expect": (
                    "Toning is done as a series, with sessions spaced several weeks apart. "
                    "Once the series is over, your provider may suggest occasional "
                    "maintenance sessions."
                ),
                "todo": "Book your next session with the button on your timeline page, or call us.",
                "kind": "next_session",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
        ],
    },
    "laser-resurfacing": {
        "name": "Laser skin resurfacing aftercare",
        "healing_days": 14,
        "steps": [
            {
                "day": -14,
                "title": "Two weeks to go: simplify your skin care",
                "expect": "",
                "todo": (
                    "- Your provider will tell you when to stop retinoids and any other "
                    "medicated or irritating products. If you haven't heard yet, call us.\n"
                    "- Keep your routine simple: a gentle cleanser, a moisturizer and SPF."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": -3,
                "title": "A few days to go: plan your recovery",
                "expect": (
                    "How long recovery takes depends on the laser: around 2 to 3 days with "
                    "Erbium, and up to about two weeks with CO2."
                ),
                "todo": (
                    "- Clear your schedule for the recovery time your provider mentioned.\n"
                    "- If you've ever had cold sores, tell your provider before your session. "
                    "Antiviral medicine can be given to help stop them coming back."
                ),
                "kind": "expectation",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 0,
                "title": "Treatment day: cool, calm and smoke-free",
                "expect": (
                    "Expect redness like a sunburn, with some swelling, itching or stinging "
                    "over the next few days. Some people also get raw or oozing patches, or "
                    "blisters."
                ),
                "todo": (
                    "- Use an ice pack today and tomorrow.\n"
                    "- Rest your head on an extra pillow tonight.\n"
                    "- Don't smoke.\n"
                    "- Call us if you're worried about anything."
                ),
                "kind": "expectation",
                "email": True,
                "time": "18:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 1,
                "title": "Daily care: clean, protect, moisturize",
                "expect": "",
                "todo": (
                    "- Clean the treated area 2 to 4 times today with saline or diluted "
                    "vinegar, prepared as your provider directs.\n"
                    "- Apply the protective skin-care products you were given.\n"
                    "- If your provider told you to, moisturize generously."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": 1,
                "repeat_until": 7,
            },
            {
                "day": 1,
                "title": "Sunscreen for your new skin",
                "expect": "",
                "todo": (
                    "- Put on a sunscreen suited to sensitive, freshly treated skin this "
                    "morning.\n"
                    "- Keep out of the sun as much as you can."
                ),
                "kind": "sunscreen",
                "email": True,
                "time": "08:30",
                "repeat_every": 1,
                "repeat_until": 14,
            },
            {
                "day": 3,
                "title": "Leave the crusts alone",
                "expect": "As your skin heals, crusts can form and the skin will peel.",
                "todo": (
                    "Never pick at crusts: picking can leave scars. Keep up your daily "
                    "cleaning routine and let them be."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 7,
                "title": "One week in: checking on your healing",
                "expect": "",
                "todo": (
                    "How is your skin doing? If anything doesn't look like normal healing, or "
                    "you're worried about anything at all, call us. We'd much rather hear from "
                    "you early."
                ),
                "kind": "check_in",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 14,
                "title": "Two weeks: from peeling to pink",
                "expect": (
                    "Once the peeling is done, your skin stays pink for a while. The pink "
                    "usually fades over 2 to 3 months. For some people it takes up to a "
                    "year, and it can last longer for people with blonde or red hair."
                ),
                "todo": (
                    "Once your skin has healed, you can cover the pink with makeup. A "
                    "green-based makeup helps cancel out redness."
                ),
                "kind": "expectation",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
            {
                "day": 21,
                "title": "Weekly reminder: your skin is still sun-sensitive",
                "expect": "Treated skin can stay sensitive to the sun for up to a year.",
                "todo": "Keep wearing sunscreen every day, whatever the weather.",
                "kind": "sunscreen",
                "email": True,
                "time": "09:00",
                "repeat_every": 7,
                "repeat_until": 84,
            },
            {
                "day": 28,
                "title": "Week 4: back to retinoids, if your provider agrees",
                "expect": "",
                "todo": (
                    "From around now you can usually go back to Retin-A and glycolic acid, or "
                    "follow the timing your provider gave you. Not sure? Call us."
                ),
                "kind": "skin_care",
                "email": True,
                "time": "09:00",
                "repeat_every": None,
                "repeat_until": None,
            },
        ],
    },
}

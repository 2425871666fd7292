"""Demo content for the fictional clinic: its details, opening hours and treatment pages.

Plain data only (no Django imports); treatments/demo.py loads it into the database. The clinic
is invented. The treatment texts are written for the website from the clinic facts sheet
(clinic-facts.md) and say nothing clinical that the sheet does not; prices the sheet lacks are
left to the free consultation. Section texts and FAQ answers are Markdown.
"""

CLINIC = {
    "name": "Willowmere Skin & Laser",
    "tagline": "Thoughtful laser care for clearer, more even skin",
    "street_address": "418 Alder Street, Suite 200",
    "locality": "Marlow Springs",
    "region": "IL",
    "postal_code": "60699",
    "country": "US",
    "phone": "(312) 555-0148",
    "email": "hello@willowmere.example",
    "price_level": "$$$",
}

# (weekday, opens, closes); Monday is 0. Closed on Sunday and Monday.
OPENING_HOURS = [
    (1, "09:00", "18:00"),
    (2, "09:00", "18:00"),
    (3, "10:00", "19:00"),
    (4, "09:00", "18:00"),
    (5, "09:00", "14:00"),
]

TREATMENTS = [
    {
        "name": "HALO hybrid fractional laser",
        "slug": "halo",
        "summary": (
            "HALO is a hybrid fractional laser that refreshes the tone and texture of your "
            "skin, with less downtime than a fully ablative laser. It can help with sun "
            "damage, enlarged pores, fine lines and acne scars."
        ),
        "how_it_works": (
            "HALO is a non-surgical, non-invasive laser that works on the surface of your skin "
            "and on the layers beneath it in the same treatment. A single handpiece sends out "
            "two wavelengths together:\n\n"
            "- **An ablative wavelength** clears microscopic columns of the outer skin layer "
            "(the epidermis). This is the part that refines texture, evens out tone and "
            "targets pigment.\n"
            "- **A non-ablative wavelength** warms carefully controlled zones deeper in the "
            "dermis, at a depth your provider selects, to prompt your skin to build new "
            "collagen.\n\n"
            "As the handpiece passes over your skin, the device measures it and adjusts the "
            "energy to suit each area. In one session, your provider can treat as much as "
            "about 30% of your skin's surface."
        ),
        "what_it_treats": (
            "HALO can help with many everyday skin concerns, including:\n\n"
            "- Acne scars\n"
            "- Enlarged pores\n"
            "- Pigmented spots, discoloration and sun damage\n"
            "- Fine lines and wrinkles\n"
            "- Other signs of ageing\n"
            "- A dull complexion and uneven texture\n\n"
            "At your free consultation, your provider will look at your own concerns with you "
            "and tell you whether HALO is a good match."
        ),
        "benefits": (
            "HALO brings several improvements together in one treatment:\n\n"
            "- **Less downtime** than you would expect from a fully ablative laser\n"
            "- **A quick treatment** that is easy to fit into your week\n"
            "- **More even tone and smoother texture** across the treated area\n"
            "- **Fewer sunspots** and pores that look smaller\n"
            "- **Scar revision**, which makes it an option for acne scarring\n"
            "- **Results that can last for years** when you protect your skin with sunscreen "
            "every day and follow a medical-grade skincare regimen"
        ),
        "good_candidates": (
            "HALO may suit you if you would like to improve concerns such as sun damage, acne "
            "scars, enlarged pores or fine lines, and you would prefer less downtime than a "
            "fully ablative laser involves.\n\n"
            "It is a good fit if you are able to:\n\n"
            "- set aside a few quiet days after each session\n"
            "- stay out of strong sun for two weeks afterwards and wear sunscreen daily\n"
            "- complete a series of sessions and keep to a simple, consistent skincare routine\n\n"
            "**Talk to your provider first** if you have had cold sores near the area to be "
            "treated, or if you currently use retinoids or other medicated or irritating skin "
            "products."
        ),
        "the_session": (
            "Every HALO plan starts with a consultation, where you and your provider talk "
            "about your skin and what you would like to achieve.\n\n"
            "On the day of your treatment:\n\n"
            "- **Numbing comes first.** A topical numbing cream is applied to your skin before "
            "the laser begins, to help keep you comfortable.\n"
            "- **Cooling is built in.** Your provider glides the handpiece over the area, and "
            "the handpiece cools your skin as it works.\n"
            "- **What you may feel.** You may notice warmth or heat as the laser works, or a "
            "snapping sensation on your skin.\n\n"
            "The treatment itself is quick. Afterwards your skin will look red and feel warm, "
            "rather like a sunburn, and you will go home with your aftercare plan."
        ),
        "before_your_session": (
            "A little preparation helps your skin get the most from HALO:\n\n"
            "- **Pause retinoids**, along with any medicated or irritating skin products, "
            "ahead of your treatment. Your provider will tell you when to stop, for example "
            "two weeks beforehand.\n"
            "- **Keep your routine simple** for the two weeks leading up to your session: "
            "cleanse gently, moisturize and wear SPF.\n"
            "- **Clear your calendar** for a few quiet days after treatment, as there is some "
            "downtime.\n"
            "- **Tell us about cold sores.** If you tend to get them near the area being "
            "treated, your provider may give you an antiviral medicine to take ahead of your "
            "session."
        ),
        "after_your_session": (
            "Your skin renews itself over the following two weeks. Here is what to expect, "
            "step by step:\n\n"
            "- **Day 0 (treatment day):** Your skin feels warm and looks red, much like a "
            "sunburn, and it may swell a little. An ice pack helps for the first day or so, "
            "and an extra pillow under your head at night also helps with swelling.\n"
            "- **Days 1 to 3:** Wash with a gentle cleanser, then smooth on a nourishing "
            "moisturizer. Over these days, the redness and swelling calm down.\n"
            "- **Days 2 to 3:** Your skin starts to feel rough, like sandpaper. That roughness "
            "comes from MENDS (microscopic epidermal necrotic debris): treated skin working "
            "its way up and out. You may also see tiny dark spots for a few days. Both are "
            "part of the process.\n"
            "- **Days 4 to 7:** The MENDS flake away by themselves. Let them go, and keep your "
            "hands off: avoid picking, scratching or scrubbing.\n"
            "- **Days 0 to 14:** Put on a broad-spectrum sunscreen every day, and keep out of "
            "direct sunlight, especially for long stretches, until two weeks have passed.\n"
            "- **Around day 14:** You should notice smoother, more radiant skin, and it goes "
            "on improving for months.\n"
            "- **Around week 4:** You can usually return to retinoids and glycolic acid "
            "products, or follow the timing your provider gives you.\n"
            "- **Your next session:** Our team schedules the next treatment in your series for "
            "you.\n"
            "- **From then on:** Wear sunscreen daily and stay with a medical-grade skincare "
            "regimen to protect your results."
        ),
        "downtime": (
            "HALO involves less downtime than fully ablative lasers, but there is some, so "
            "plan a few quiet days after each session.\n\n"
            "- On the day, expect sunburn-like redness and warmth, and perhaps mild swelling.\n"
            "- Redness and swelling settle over the first few days.\n"
            "- Around days 2 to 3 your skin feels rough and tiny dark spots may appear. These "
            "flake off on their own by the end of the first week.\n"
            "- Keep protecting your skin from the sun for the full two weeks."
        ),
        "how_many_sessions": (
            "Most people are advised to have a **series of three HALO sessions**. Our team "
            "books each next session for you, so you don't need to work out the timing "
            "yourself.\n\n"
            "Your results can last for years if you look after them: wear sunscreen every day "
            "and keep to a medical-grade skincare routine. Your provider will confirm the "
            "right plan for your skin at your consultation."
        ),
        "price_range": (
            "The cost of HALO depends on the plan your provider recommends for you, so we "
            "don't list a single price here.\n\n"
            "You'll receive your personal quote at your **complimentary consultation**, before "
            "you commit to anything. Book it online or call us, and we'll be glad to talk it "
            "through."
        ),
        "recommended_sessions": 3,
        "position": 1,
        "suits_in_brief": "Sun damage, uneven tone, enlarged pores, fine lines",
        "downtime_in_brief": "A few quiet days",
        "procedure_type": "noninvasive",
        "artwork": "dots",
        "faqs": [
            (
                "Does HALO hurt?",
                (
                    "A topical numbing cream goes on before treatment begins, and the "
                    "handpiece has cooling built in. You may feel warmth or heat while the "
                    "laser works, and sometimes something like a snapping sensation."
                ),
            ),
            (
                "Why does my skin feel like sandpaper a few days later?",
                (
                    "Around days 2 to 3, tiny particles of treated skin called MENDS "
                    "(microscopic epidermal necrotic debris) rise to the surface and make your "
                    "skin feel rough. You may also see tiny dark spots for a few days. Between "
                    "days 4 and 7 they flake off on their own. Please leave them alone rather "
                    "than picking, scratching or scrubbing."
                ),
            ),
            (
                "When will I see results?",
                (
                    "You should notice a visible improvement at about two weeks, with skin "
                    "that looks smoother and more radiant. It then keeps improving over the "
                    "following months."
                ),
            ),
            (
                "How many sessions will I need, and how long do results last?",
                (
                    "Most people are advised to have three sessions as a series, and our team "
                    "books each one for you. If you wear sunscreen every day and use "
                    "medical-grade skincare, your results can last for years."
                ),
            ),
            (
                "When can I use my retinoids again?",
                (
                    "You'll stop using retinoids, plus any medicated or irritating skin "
                    "products, ahead of treatment. You can usually go back to retinoids and "
                    "glycolic acid products at about four weeks, or whenever your provider "
                    "advises."
                ),
            ),
            (
                "I get cold sores. Can I still have HALO?",
                (
                    "Please tell your provider, especially if your cold sores appear near the "
                    "area to be treated. Your provider may give you an antiviral medicine to "
                    "take before your session."
                ),
            ),
            (
                "Is the consultation free?",
                (
                    "Yes. Your consultation is **complimentary**, and you can book it online "
                    "or by phone. It is your chance to talk about your skin, ask questions and "
                    "get your personal quote before you decide."
                ),
            ),
        ],
    },
    {
        "name": "Laser skin toning",
        "slug": "laser-toning",
        "summary": (
            "Laser skin toning is a non-invasive, non-ablative treatment that evens out tone "
            "and refines texture on your face, neck, chest and hands, with minimal downtime."
        ),
        "how_it_works": (
            "Laser skin toning is a non-invasive treatment. The laser sends controlled pulses "
            "of light energy into your skin, which break apart unwanted pigment and damaged "
            "cells. Your body then clears them away gradually.\n\n"
            "Because toning is **non-ablative**, the outer layer of your skin is left in "
            "place: nothing is removed. That is why the downtime is minimal.\n\n"
            "Improvement builds over a series of sessions and carries on for months after your "
            "last one."
        ),
        "what_it_treats": (
            "Toning works on the overall tone and texture of your skin. It can help with:\n\n"
            "- Uneven pigment and discolored patches\n"
            "- Fine lines and wrinkles\n"
            "- Acne scars\n"
            "- Enlarged pores\n\n"
            "It can be used on your **face, neck, chest and hands**."
        ),
        "benefits": (
            "- **Non-invasive:** no surgery, and the outer layer of your skin stays intact\n"
            "- **Minimal downtime**, because nothing is removed from the surface\n"
            "- **A more even tone and smoother texture** across the treated area\n"
            "- **Gradual improvement** that builds through your series and keeps developing "
            "for months after it ends\n"
            "- **Versatile:** it can treat your face, neck, chest and hands"
        ),
        "good_candidates": (
            "Laser toning may be a good fit if you would like a more even tone or smoother "
            "texture, for example because of pigment irregularities, fine lines, acne scars or "
            "enlarged pores, and you would prefer a treatment with minimal downtime.\n\n"
            "It suits you if you are happy to:\n\n"
            "- come back for several sessions, with a few weeks between each\n"
            "- keep out of the sun and use sunscreen after each session\n"
            "- let your results build gradually\n\n"
            "At your free consultation, your provider will ask about your skin concerns, your "
            "medical history and your goals, and tell you whether toning is right for you."
        ),
        "the_session": (
            "Your toning plan starts with a consultation, where your provider learns about "
            "your skin concerns, your medical history and your goals, and plans your series "
            "with you.\n\n"
            "On the day of each session:\n\n"
            "- **Cleansing.** Your skin is cleansed first.\n"
            "- **Numbing, if needed.** A numbing cream may be applied for your comfort.\n"
            "- **Treatment.** Your provider passes the laser over the area, delivering "
            "controlled pulses of light energy.\n\n"
            "Afterwards, your skin may look slightly red or swollen, or feel sensitive, for a "
            "few days."
        ),
        "before_your_session": (
            "There is not much you need to do to get ready, but a few steps help:\n\n"
            "- **Come to your consultation first.** This is where your provider hears about "
            "your concerns, goes through your medical history and agrees your goals with you.\n"
            "- **Mention the products you use** on your skin, so your provider can advise you "
            "on anything to pause.\n"
            "- **Follow any instructions** your provider gives you for the days before your "
            "session.\n"
            "- **Think ahead about sun exposure.** You'll need to avoid the sun and wear "
            "sunscreen afterwards, so plan outdoor activities with that in mind."
        ),
        "after_your_session": (
            "Aftercare for laser toning is straightforward:\n\n"
            "- **Expect your skin to be mildly red, swollen or sensitive** for a few days "
            "after each session.\n"
            "- **Avoid the sun** as much as you can, and wear sunscreen every day.\n"
            "- **Keep your skin moisturized**, or use soothing creams, to stay comfortable.\n"
            "- **Return for your next session** in the series when your provider advises.\n\n"
            "Possible side effects include temporary changes in pigment, mild swelling and "
            "some discomfort. If anything concerns you, contact the clinic and your provider "
            "will advise."
        ),
        "downtime": (
            "Downtime is minimal, because toning leaves the outer layer of your skin in place.\n\n"
            "For a few days afterwards your skin may look a little red or swollen, or feel "
            "sensitive. During that time, treat it kindly: moisturize or use a soothing cream, "
            "stay out of the sun and wear sunscreen."
        ),
        "how_many_sessions": (
            "Laser toning is done as a **series of sessions**, spaced several weeks apart. "
            "Your provider plans the series with you at your consultation, based on your skin "
            "and your goals.\n\n"
            "You'll see change gradually, and your skin goes on improving for months once the "
            "series is complete. To keep them up, your provider may suggest maintenance "
            "sessions from time to time."
        ),
        "price_range": (
            "The price depends on your treatment plan, including how many sessions your series "
            "involves.\n\n"
            "Your provider will give you a personal quote at your **complimentary "
            "consultation**, before you book any treatment."
        ),
        "recommended_sessions": 3,
        "position": 2,
        "suits_in_brief": "Dull or uneven tone on face, neck, chest and hands",
        "downtime_in_brief": "Little to none",
        "procedure_type": "noninvasive",
        "artwork": "waves",
        "faqs": [
            (
                "Does laser toning hurt?",
                (
                    "A numbing cream may be applied before your session to keep you "
                    "comfortable. Some discomfort is possible, so let your provider know how "
                    "you are feeling."
                ),
            ),
            (
                "How is toning different from laser resurfacing?",
                (
                    "Toning is **non-ablative**: it leaves the outer layer of your skin in "
                    "place, so downtime is minimal. Resurfacing is **ablative**: it removes "
                    "damaged skin one layer at a time and needs a longer recovery."
                ),
            ),
            (
                "How many sessions will I need?",
                (
                    "Toning is given as a course of sessions, with several weeks between each "
                    "one. Your provider plans the series with you at your consultation, and "
                    "may suggest maintenance sessions later on."
                ),
            ),
            (
                "When will I see results?",
                (
                    "Changes come gradually. Your skin keeps improving for months after you "
                    "finish your series."
                ),
            ),
            (
                "Which areas can be treated?",
                "Laser toning can be used on your face, neck, chest and hands.",
            ),
            (
                "Are there any side effects?",
                (
                    "For a few days you may notice mild redness, swelling or sensitivity. "
                    "Other possible effects are temporary changes in pigment and some "
                    "discomfort. Your provider will go through these with you at your "
                    "consultation."
                ),
            ),
            (
                "Is the consultation free?",
                (
                    "Yes, it is **complimentary**. You can book it online or by phone, and "
                    "you'll leave with a personal plan and quote."
                ),
            ),
        ],
    },
    {
        "name": "Laser skin resurfacing (CO2 and Erbium)",
        "slug": "laser-resurfacing",
        "summary": (
            "Ablative laser resurfacing with a CO2 or Erbium laser takes away damaged skin one "
            "thin layer at a time and prompts new collagen, to soften lines, scars, sun damage "
            "and age spots."
        ),
        "how_it_works": (
            "Laser resurfacing is an **ablative** treatment. It uses short, concentrated "
            "pulses of laser light to take away damaged skin one thin layer at a time. At the "
            "same time, it warms the dermis underneath, which prompts your skin to grow new "
            "collagen.\n\n"
            "We offer two types of resurfacing laser:\n\n"
            "- **Erbium laser:** recovery takes around 2 to 3 days.\n"
            "- **CO2 laser:** recovery can take up to roughly two weeks.\n\n"
            "At your consultation, your provider will recommend the laser that suits your skin "
            "and your goals."
        ),
        "what_it_treats": (
            "Resurfacing can improve:\n\n"
            "- Fine lines and wrinkles around your eyes and mouth and on your forehead\n"
            "- Scars left by acne or chickenpox\n"
            "- Skin that a facelift did not improve\n"
            "- Signs of ageing and sun damage\n"
            "- Liver spots, also called age spots\n"
            "- Oil glands on the nose that have become enlarged"
        ),
        "benefits": (
            "- **Softer fine lines and wrinkles** on the forehead and around the eyes and "
            "mouth\n"
            "- **Smoother-looking scars** from acne or chickenpox\n"
            "- **New collagen:** the heat beneath the surface prompts your skin to build it\n"
            "- **Fewer signs of sun damage** and fewer age spots\n"
            "- **A choice of lasers:** Erbium, with a shorter recovery of 2 to 3 days, or CO2, "
            "with a recovery of up to roughly two weeks. Your provider will advise which suits "
            "you."
        ),
        "good_candidates": (
            "Resurfacing can be a good choice if you have fine lines, acne or chickenpox "
            "scars, sun damage or age spots that you would like to improve.\n\n"
            "It is **less suitable** if you have:\n\n"
            "- active acne\n"
            "- very dark skin, because the risk of hyperpigmentation (darker patches) while "
            "the skin heals is higher\n"
            "- deep wrinkles\n"
            "- sagging skin, or a lot of excess skin\n\n"
            "Please also tell your provider if you get cold sores, and if you smoke, as you'll "
            "need to avoid smoking while you recover. Your complimentary consultation is the "
            "place to talk all of this through."
        ),
        "the_session": (
            "Before any laser treatment, you'll have a free consultation. Your provider will "
            "look at your skin, discuss your goals, check that resurfacing suits you and "
            "choose between the CO2 and Erbium lasers.\n\n"
            "On treatment day, your provider works across the area with short, concentrated "
            "pulses of laser light, taking away damaged skin layer by layer while heating the "
            "dermis below to prompt new collagen. Your provider will explain what to expect as "
            "you go.\n\n"
            "Afterwards, your skin will look red, as if sunburned, and may swell, itch or "
            "sting for a few days. You'll go home with clear aftercare instructions."
        ),
        "before_your_session": (
            "- **Have your consultation.** Your provider confirms that resurfacing is right "
            "for you and which laser to use.\n"
            "- **Tell us about cold sores.** If you have had them, especially around your "
            "mouth, your provider may give you an antiviral medicine ahead of treatment to "
            "help prevent a flare.\n"
            "- **Ask which products to pause.** Your provider will tell you what to stop using "
            "before treatment.\n"
            "- **Plan your recovery time.** Allow around 2 to 3 days for Erbium and up to "
            "about two weeks for CO2.\n"
            "- **Get ready at home.** Have an ice pack and an extra pillow ready, along with "
            "the cleaning solution, moisturizer and sunscreen your provider recommends.\n"
            "- **Plan not to smoke** while you heal."
        ),
        "after_your_session": (
            "For the first few days your skin will look red, as if sunburned, and may swell, "
            "itch or sting. In some cases, patches of skin may be raw or ooze, or blisters may "
            "form.\n\n"
            "- **Wash the treated skin two to four times daily**, using saline or a vinegar "
            "solution diluted exactly as your provider directs.\n"
            "- **Apply the protective skincare products** your provider recommends, plus "
            "plenty of moisturizer if you are told to.\n"
            "- **Never pick at crusts.** Picking can leave scars.\n"
            "- **Ease swelling** by sleeping with an extra pillow and using an ice pack over "
            "the first couple of days.\n"
            "- **Don't smoke** while you heal.\n"
            "- **Wear sunscreen every day**, choosing one made for sensitive, freshly treated "
            "skin. Your skin may stay more sensitive to the sun for up to a year.\n"
            "- **Retinoids:** you can usually restart Retin-A and glycolic acid about 4 weeks "
            "after treatment, or when your provider says.\n\n"
            "As you heal, your skin peels and then stays pink. The pink usually fades over 2 "
            "to 3 months, though for some people it lasts up to a year, and longer still with "
            "blonde or red hair."
        ),
        "downtime": (
            "Recovery time depends on the laser:\n\n"
            "- **Erbium:** about 2 to 3 days\n"
            "- **CO2:** up to roughly two weeks\n\n"
            "During the first few days, expect sunburn-like redness with swelling, itching or "
            "stinging. Once your skin has healed, makeup can cover any remaining pinkness, and "
            "green-based makeup helps to neutralize redness. The pinkness itself fades "
            "gradually over the following months."
        ),
        "how_many_sessions": (
            "At Willowmere, a resurfacing plan is built around **one treatment session**.\n\n"
            "At your consultation, your provider will confirm the plan for your skin and your "
            "goals, and explain how your skin changes as it heals and builds new collagen. "
            "Keep protecting your results with daily sunscreen, as your skin can stay "
            "sun-sensitive for up to a year."
        ),
        "price_range": (
            "Laser resurfacing typically costs **$600 to $1,600 per session**.\n\n"
            "Your exact price depends on your treatment plan. Your provider will give you a "
            "personal quote at your **complimentary consultation**, before you commit to "
            "anything."
        ),
        "recommended_sessions": 1,
        "position": 3,
        "suits_in_brief": "Deeper lines, acne scars, age spots",
        "downtime_in_brief": "2 days (Erbium) to 2 weeks (CO2)",
        "price_from": 600,
        "artwork": "layers",
        "faqs": [
            (
                "What is the difference between CO2 and Erbium?",
                (
                    "Both lasers remove damaged skin layer by layer. The main difference for "
                    "you is recovery: about 2 to 3 days with Erbium, and up to roughly two "
                    "weeks with CO2. Your provider will recommend the one that suits your skin "
                    "and goals."
                ),
            ),
            (
                "Can I wear makeup afterwards?",
                (
                    "Yes, once your skin has healed. Makeup can cover the pinkness that "
                    "remains, and a green-based makeup helps to neutralize redness."
                ),
            ),
            (
                "How long will my skin stay pink?",
                (
                    "Usually 2 to 3 months. For some people it lasts up to a year, and it can "
                    "take longer for people with blonde or red hair."
                ),
            ),
            (
                "I get cold sores. Is that a problem?",
                (
                    "Talk to your provider before treatment. Resurfacing can reactivate cold "
                    "sores around the mouth, and your provider may give you an antiviral "
                    "medicine to help prevent this."
                ),
            ),
            (
                "When can I use Retin-A or glycolic acid again?",
                "Usually around 4 weeks after treatment, or whenever your provider directs.",
            ),
            (
                "What complications are possible?",
                (
                    "Your provider will go through them with you at your consultation. They "
                    "include:\n\n"
                    "- acne flares\n"
                    "- bacterial infection, treated with antibiotics\n"
                    "- cold sores coming back around the mouth (antivirals help prevent this)\n"
                    "- darker or lighter patches of skin (hyperpigmentation or "
                    "hypopigmentation)\n"
                    "- milia\n"
                    "- redness that lasts longer than usual\n"
                    "- swelling\n"
                    "- scarring, which is rare"
                ),
            ),
            (
                "How much does it cost, and is the consultation free?",
                (
                    "Resurfacing typically costs $600 to $1,600 per session, and you'll get "
                    "your exact quote at your consultation. The consultation itself is "
                    "**complimentary**; you can book it online or by phone."
                ),
            ),
        ],
    },
]

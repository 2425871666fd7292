"""schema.org JSON-LD for search engines.

The clinic is described once, in full, on the home page, under one `@id` on SITE_URL; every
other public page names it by that `@id` (as the page's publisher) instead of repeating it.
A treatment page is a MedicalWebPage about a MedicalProcedure. The procedure names no
`provider`: schema.org has no such property on a procedure, the page's publisher says who.
"""

import phonenumbers
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags

from practice.site import site_url

from .markdown import markdown_to_html
from .models import Clinic, Treatment

CONTEXT = "https://schema.org"


def _plain(markdown_text: str) -> str:
    return " ".join(strip_tags(markdown_to_html(markdown_text)).split())


def _international(phone: str) -> str:
    """The clinic's number with its country code ("+1 312-555-0100"), as search engines ask;
    a number that does not parse is given as typed."""
    try:
        number = phonenumbers.parse(phone, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return phone
    if not phonenumbers.is_valid_number(number):
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _questions(entries) -> list[dict]:
    return [
        {
            "@type": "Question",
            "name": entry.question,
            "acceptedAnswer": {"@type": "Answer", "text": _plain(entry.answer)},
        }
        for entry in entries
    ]


def faq_page_json_ld(*, treatments) -> dict:
    """The questions page: every published question of `treatments` (their FAQs prefetched)."""
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "url": site_url(reverse("treatments:faq")),
        "publisher": {"@id": clinic_id()},
        "mainEntity": _questions(entry for t in treatments for entry in t.faqs.all()),
    }


def clinic_id() -> str:
    return site_url("/#clinic")


def clinic_json_ld(clinic: Clinic) -> dict:
    logo = clinic.logo_picture
    image = site_url(logo.src if logo else static("img/og-card.png"))
    data = {
        "@context": CONTEXT,
        "@type": "MedicalClinic",
        "@id": clinic_id(),
        "name": clinic.name,
        "url": site_url("/"),
        "image": image,
        "telephone": _international(clinic.phone),
        "email": clinic.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        },
        "hasMap": clinic.map_url,
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{hours.get_weekday_display()}",
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in clinic.opening_hours.all()
        ],
    }
    if logo:
        data["logo"] = image
    if clinic.latitude is not None and clinic.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(clinic.latitude),
            "longitude": float(clinic.longitude),
        }
    if clinic.price_level:
        data["priceRange"] = clinic.price_level
    return data


def web_page_json_ld(*, url: str) -> dict:
    """Any other public page: a WebPage the clinic publishes."""
    return {"@context": CONTEXT, "@type": "WebPage", "url": url, "publisher": {"@id": clinic_id()}}


def treatment_json_ld(treatment: Treatment) -> dict:
    url = site_url(treatment.get_absolute_url())
    procedure = {
        "@type": "MedicalProcedure",
        "@id": url + "#procedure",
        "name": treatment.name,
        "description": treatment.summary,
        "url": url,
        "bodyLocation": "Skin",
    }
    if treatment.procedure_type:
        # Only the clinic's own answer: ablative resurfacing is neither non-invasive nor
        # percutaneous, so a treatment without one says nothing rather than something wrong.
        procedure["procedureType"] = {
            "noninvasive": "https://schema.org/NoninvasiveProcedure",
            "percutaneous": "https://schema.org/PercutaneousProcedure",
        }[treatment.procedure_type]
    optional = {
        "howPerformed": treatment.the_session,
        "preparation": treatment.before_your_session,
        "followup": treatment.after_your_session,
    }
    procedure.update({key: _plain(text) for key, text in optional.items() if text.strip()})
    hero = treatment.hero_picture
    if hero:
        procedure["image"] = site_url(hero.src)
    page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": treatment.name,
        "about": {"@id": procedure["@id"]},
        "publisher": {"@id": clinic_id()},
    }
    faqs = list(treatment.faqs.all())
    if faqs:
        # The page is also the questions' page: one node, two types, so the questions are
        # the page's main entity without a second page node for the same address.
        page["@type"] = ["MedicalWebPage", "FAQPage"]
        page["mainEntity"] = _questions(faqs)
    return {"@context": CONTEXT, "@graph": [page, procedure]}

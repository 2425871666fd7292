"""schema.org JSON-LD for search engines: the clinic and each treatment page."""

from django.http import HttpRequest

from .markdown import markdown_to_html
from .models import Clinic, Treatment


def _plain(markdown_text: str) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(markdown_to_html(markdown_text)).split())


def clinic_json_ld(clinic: Clinic, *, request: HttpRequest) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic.name,
        "url": request.build_absolute_uri("/"),
        "telephone": clinic.phone,
        "email": clinic.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        },
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
    return data


def treatment_json_ld(treatment: Treatment, *, clinic: Clinic | None, request: HttpRequest) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalProcedure",
        "name": treatment.name,
        "description": treatment.summary,
        "url": request.build_absolute_uri(treatment.get_absolute_url()),
        "procedureType": "https://schema.org/NoninvasiveProcedure",
        "bodyLocation": "Skin",
    }
    optional = {
        "howPerformed": treatment.the_session,
        "preparation": treatment.before_your_session,
        "followup": treatment.after_your_session,
    }
    data.update({key: _plain(text) for key, text in optional.items() if text.strip()})
    if clinic is not None:
        data["provider"] = {"@type": "MedicalClinic", "name": clinic.name}
    return data

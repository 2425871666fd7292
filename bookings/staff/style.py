"""The design system's own page: every component of static/css/site.css, rendered with sample
content, so the next page is built from parts that exist. Staff only (any role): it shows no
patient's data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treatments.models import Treatment

from .access import staff_view

SWATCHES = [
    ("brand", "--clinic-brand", "Buttons, links, headings' accents"),
    ("brand-dark", "--clinic-brand-dark", "Headings, hover, footer"),
    ("brand-tint", "--clinic-brand-tint", "Hover backgrounds, avatars"),
    ("ink", "--clinic-ink", "Body text"),
    ("muted", "--clinic-muted", "Secondary text (AA on white and sand)"),
    ("sand", "--clinic-sand", "Hero and section backgrounds"),
    ("sand-deep", "--clinic-sand-deep", "Artwork"),
    ("gold", "--clinic-gold", "Decoration only, never text"),
    ("focus", "--clinic-focus", "The focus ring"),
    ("line", "--clinic-line", "Borders and rules"),
]


# Any staff role (every role reads the schedule); a login without a role sees nothing here.
@staff_view("view_schedule")
def style_page(request: HttpRequest) -> HttpResponse:
    sample = Treatment.objects.published().first() or Treatment(
        name="Sample treatment",
        slug="sample",
        summary="A sentence or two that says what the treatment does and for whom.",
        suits_in_brief="Sun damage, uneven tone",
        downtime_in_brief="A few quiet days",
        recommended_sessions=3,
    )
    return render(
        request,
        "staff/style.html",
        {
            "swatches": SWATCHES,
            "sample": sample,
            "type_scale": ["step-4", "step-3", "step-2", "step-1", "step-0", "step--1"],
            "artworks": [
                Treatment(slug=f"sample-{motif}", artwork=motif)
                for motif in ("dots", "waves", "layers")
            ],
        },
    )

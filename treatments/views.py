from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import selectors
from .caching import public_page
from .structured_data import clinic_json_ld, treatment_json_ld


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    clinic = selectors.clinic_get()
    return render(
        request,
        "treatments/home.html",
        {
            "treatments": selectors.treatment_list_published(),
            "json_ld": clinic_json_ld(clinic, request=request) if clinic else None,
        },
    )


@require_GET
@public_page
def treatment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "treatments/treatment_list.html",
        {"treatments": selectors.treatment_list_published()},
    )


@require_GET
@public_page
def treatment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treatment = selectors.treatment_get_published(slug=slug)
    clinic = selectors.clinic_get()
    return render(
        request,
        "treatments/treatment_detail.html",
        {
            "treatment": treatment,
            "json_ld": treatment_json_ld(treatment, clinic=clinic, request=request),
        },
    )


@require_GET
@public_page
def faq(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/faq.html", {"treatments": selectors.faq_list_published()})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        # Staff and patients' private pages are never for search engines.
        "Disallow: /admin/",
        "Disallow: /staff/",
        "Disallow: /manage/",
        "Disallow: /aftercare/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/privacy.html")

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from . import sections, selectors
from .caching import public_page
from .structured_data import clinic_json_ld, faq_page_json_ld, treatment_json_ld


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    clinic = selectors.clinic_get()
    return render(
        request,
        "treatments/home.html",
        {
            "treatments": selectors.treatment_list_published(),
            "home_sections": sections.home_sections(),
            "json_ld": clinic_json_ld(clinic) if clinic else None,
        },
    )


@require_safe
@public_page
def treatment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "treatments/treatment_list.html",
        {"treatments": selectors.treatment_list_published()},
    )


@require_safe
@public_page
def treatment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treatment = selectors.treatment_get_published(slug=slug)
    return render(
        request,
        "treatments/treatment_detail.html",
        {
            "treatment": treatment,
            "extra_sections": sections.treatment_sections(treatment),
            "json_ld": treatment_json_ld(treatment),
        },
    )


@require_safe
@public_page
def faq(request: HttpRequest) -> HttpResponse:
    treatments = selectors.faq_list_published()
    json_ld = faq_page_json_ld(treatments=treatments)
    return render(request, "treatments/faq.html", {"treatments": treatments, "json_ld": json_ld})


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        # Staff and patients' private pages are never for search engines.
        "Disallow: /admin/",
        "Disallow: /staff/",
        "Disallow: /manage/",
        "Disallow: /aftercare/",
        # On SITE_URL, like every address in the sitemap, whichever host was asked.
        f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/privacy.html")


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """The clinic's public pictures from MEDIA_ROOT (when no CDN or bucket serves them).

    Only the public/ folder: nothing else under MEDIA_ROOT is ever reachable by URL. A name is
    never reused (every upload gets a new random one), so a copy may be kept for a year."""
    path = posixpath.normpath(path)
    if not path.startswith("public/"):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response

"""The outbox's public doors: a text's short link, and the SMS provider's webhooks (a text
a patient sent, a delivery report). Webhooks are accepted only with a valid signature."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import get_usage

from practice.pages import link_invalid, rate_limited

from . import services
from .forms import InboundTextForm, StatusReportForm
from .models import ShortLink

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@never_cache
@require_safe
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    # Every visit counts, found or not: a script trying codes is stopped long before it could
    # hit one (64 random bits each), a patient opening her text never is.
    usage = get_usage(
        request, group="short-links", key="ip", rate=settings.SHORT_LINK_RATE_LIMIT, increment=True
    )
    if usage is not None and usage["should_limit"]:
        return rate_limited(request, links=True)
    link = ShortLink.objects.filter(code=code).first()
    if link is None:
        return link_invalid(request)
    return redirect(link.target)


def _signed_by_the_provider(request: HttpRequest) -> bool:
    """Twilio signs each webhook with the account's auth token over the URL it called and the
    POSTed fields (X-Twilio-Signature). The URL is rebuilt from SITE_URL, the address Twilio
    was given, not from headers a proxy may rewrite."""
    from twilio.request_validator import RequestValidator

    if not settings.TWILIO_AUTH_TOKEN:
        return False
    url = settings.SITE_URL.rstrip("/") + request.get_full_path()
    signature = request.headers.get("X-Twilio-Signature", "")
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, request.POST, signature)


@csrf_exempt  # the provider has no session; its signature stands in for the token
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    if not _signed_by_the_provider(request):
        return HttpResponseForbidden("Bad signature")
    form = InboundTextForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.text_received(
            provider_ref=data["MessageSid"], from_number=data["From"], body=data["Body"]
        )
    # An empty answer: Twilio itself replies to STOP and HELP as carriers require.
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    if not _signed_by_the_provider(request):
        return HttpResponseForbidden("Bad signature")
    form = StatusReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.text_delivery_report(
            provider_ref=data["MessageSid"],
            status=data["MessageStatus"],
            error_code=data["ErrorCode"],
        )
    return HttpResponse(status=204)

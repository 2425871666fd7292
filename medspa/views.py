from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer; also the bare baseline of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer; also the bare baseline of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")

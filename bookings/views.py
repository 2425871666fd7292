from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from treatments.selectors import treatment_list_published


@require_GET
def consultation_start(request: HttpRequest) -> HttpResponse:
    """Where every "Book a free consultation" button leads. Until online booking opens, it
    tells the patient how to book by phone."""
    return render(request, "bookings/start.html", {"treatments": treatment_list_published()})

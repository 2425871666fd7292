from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import clinic_get


def clinic(request: HttpRequest) -> dict:
    # Lazy: pages that never mention the clinic (the admin, most of the time) pay no query.
    return {"clinic": SimpleLazyObject(clinic_get)}

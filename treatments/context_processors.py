from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from practice.site import site_url

from .selectors import clinic_get

# A booking step showing one day's or one time's choices is a moment of someone's booking,
# not a page for a search engine.
STEP_PARAMETERS = {"date", "start"}


def clinic(request: HttpRequest) -> dict:
    # Lazy: pages that never mention the clinic (the admin, most of the time) pay no query.
    return {
        "clinic": SimpleLazyObject(clinic_get),
        # The page's one address: on the public site, without its query string.
        "canonical_url": site_url(request.path),
        # For addresses that must be absolute: a share card's picture.
        "site_url": site_url(),
        "robots_noindex": any(name in request.GET for name in STEP_PARAMETERS),
    }

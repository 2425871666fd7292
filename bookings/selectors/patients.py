"""Finding patients: the front desk's search, within what the user may see."""

from django.db.models import Q

from ..access import patients_visible_to
from ..models import Patient, phone_digits

QUERY_MAX = 100


def patient_search(user, query: str, *, limit: int = 20) -> list[Patient]:
    """By name, email or phone (digits only are enough: 5550148 finds (312) 555-0148).
    Records merged into another are not offered: the one kept is."""
    query = " ".join(query.split())[:QUERY_MAX]
    if len(query) < 2:
        return []
    digits = phone_digits(query)
    terms = Q(email__icontains=query)
    # Every word must match the first or the last name: "ana pat" finds Ana Patient.
    by_name = Q()
    for word in query.split():
        by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    terms |= by_name
    if len(digits) >= 4:
        terms |= Q(phone_digits__contains=digits)
    return list(
        patients_visible_to(user)
        .filter(terms, merged_into__isnull=True)
        .order_by("last_name", "first_name")[:limit]
    )

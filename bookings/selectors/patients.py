"""Finding patients: the front desk's search, within what the user may see."""

from django.db.models import Q

from ..access import patients_visible_to
from ..models import Patient, patient_whole_name, phone_digits

QUERY_MAX = 100


def patient_search(user, query: str, *, limit: int = 20) -> list[Patient]:
    """By name, email or phone (digits only are enough: 5550148 finds (312) 555-0148).
    Records merged into another are not offered: the one kept is."""
    query = " ".join(query.split())[:QUERY_MAX]
    if len(query) < 2:
        return []
    digits = phone_digits(query)
    patients = patients_visible_to(user).filter(merged_into__isnull=True)
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "")) - 4:
        # A phone number (digits, perhaps with brackets and dashes): its trigram index alone.
        terms = Q(phone_digits__contains=digits)
    else:
        # Every word must be in the name: "ana pat" finds Ana Patient. One expression over
        # the whole name, so one trigram index (patient_name_trgm) serves every word.
        patients = patients.annotate(whole_name=patient_whole_name())
        by_name = Q()
        for word in query.split():
            by_name &= Q(whole_name__icontains=word)
        terms = Q(email__icontains=query) | by_name
    return list(patients.filter(terms).order_by("last_name", "first_name")[:limit])

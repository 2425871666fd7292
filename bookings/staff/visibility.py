"""Who on the staff may see which bookings and patients."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ..models import Booking, Patient, phone_digits


def patients_visible_to(user) -> QuerySet[Patient]:
    if user.has_perm("bookings.view_all_patients"):
        return Patient.objects.all()
    # A provider sees the patients they have seen or will see.
    return Patient.objects.filter(bookings__provider__user=user).distinct()


def booking_visible_check(user, booking: Booking) -> None:
    if user.has_perm("bookings.view_all_schedules"):
        return
    if booking.provider.user_id != user.pk:
        raise PermissionDenied


def patient_visible_check(user, patient: Patient) -> None:
    if not patients_visible_to(user).filter(pk=patient.pk).exists():
        raise PermissionDenied


def patient_search(user, query: str, *, limit: int = 20) -> list[Patient]:
    """By name, email or phone (digits only are enough: 5550148 finds (312) 555-0148)."""
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return []
    digits = phone_digits(query)
    terms = Q(email__icontains=query)
    words = query.split()
    # Every word must match the first or the last name: "ana pat" finds Ana Patient.
    by_name = Q()
    for word in words:
        by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    terms |= by_name
    if len(digits) >= 4:
        terms |= Q(phone_digits__contains=digits)
    return list(patients_visible_to(user).filter(terms).order_by("last_name", "first_name")[:limit])

"""The merge service's refusals and the side-by-side selector the merge page shows, asked
directly: the page only repeats what these decide."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission

from bookings import access, services
from bookings.models import AuditEntry, Booking, Note, Patient
from bookings.selectors.patients import patients_at_a_glance
from tests.factories import MONDAY, BookingFactory, PatientFactory, staff_user


def _book(clinic, patient, *, provider=None, start=MONDAY, status="confirmed"):
    return BookingFactory(
        patient=patient,
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=provider or clinic.dana,
        start=start,
        status=status,
    )


def _untouched(*patients) -> bool:
    return (
        not Patient.objects.filter(
            pk__in=[p.pk for p in patients], merged_into__isnull=False
        ).exists()
        and not AuditEntry.objects.filter(what="patients merged").exists()
    )


def test_a_record_is_never_merged_into_itself(clinic, manager):
    ana = PatientFactory()
    with pytest.raises(services.BookingError, match="same record"):
        services.patient_merge(actor=manager, keep=ana, merge=ana)
    assert _untouched(ana)


@pytest.mark.parametrize("which", ["keep", "merge"])
def test_a_record_already_merged_is_not_merged_again_either_way(clinic, manager, which):
    ana, other, elsewhere = PatientFactory(), PatientFactory(), PatientFactory()
    services.patient_merge(actor=manager, keep=elsewhere, merge=ana)
    pair = {"keep": ana, "merge": other} if which == "keep" else {"keep": other, "merge": ana}
    with pytest.raises(services.BookingError, match="already merged"):
        services.patient_merge(actor=manager, **pair)
    assert Patient.objects.filter(merged_into__isnull=False).count() == 1


def test_an_erased_record_is_not_merged(clinic, manager):
    ana, erased = PatientFactory(), PatientFactory()
    services.patient_erase(actor=manager, patient=erased)
    with pytest.raises(services.BookingError, match="erased"):
        services.patient_merge(actor=manager, keep=ana, merge=erased)
    with pytest.raises(services.BookingError, match="erased"):
        services.patient_merge(actor=manager, keep=erased, merge=ana)
    assert _untouched(ana, erased)


def test_only_a_role_that_may_merge_merges(clinic, frontdesk):
    ana, other = PatientFactory(), PatientFactory()
    with pytest.raises(access.AccessDenied):
        services.patient_merge(actor=frontdesk, keep=ana, merge=other)
    assert _untouched(ana, other)


def test_a_record_the_actor_may_not_open_is_not_merged_and_the_refusal_is_recorded(clinic):
    # A provider given the merge permission still sees only her own patients.
    dana = staff_user("dana", "Provider", provider=clinic.dana)
    dana.user_permissions.add(Permission.objects.get(codename="merge_patients"))
    hers, priyas = PatientFactory(), PatientFactory()
    _book(clinic, hers)
    _book(clinic, priyas, provider=clinic.priya, start=MONDAY + timedelta(days=1))
    with pytest.raises(access.AccessDenied):
        services.patient_merge(actor=dana, keep=hers, merge=priyas)
    assert _untouched(hers, priyas)
    assert Booking.objects.get(patient=priyas)
    assert AuditEntry.objects.filter(actor=dana, action="denied", patient=priyas).exists()


def test_the_side_by_side_counts_each_record_in_one_query(
    clinic, manager, frozen_monday, django_assert_num_queries
):
    kept, duplicate = PatientFactory(), PatientFactory()
    _book(clinic, kept, start=MONDAY - timedelta(days=30), status="completed")
    _book(clinic, kept, start=MONDAY - timedelta(days=9), status="no_show")
    _book(clinic, kept, start=MONDAY + timedelta(days=7))
    _book(clinic, kept, start=MONDAY + timedelta(days=2), provider=clinic.priya)
    _book(clinic, duplicate, start=MONDAY + timedelta(days=1), status="cancelled")
    Note.objects.create(patient=kept, author=manager, text="Prefers mornings")
    Note.objects.create(patient=kept, author=manager, text="Fitzpatrick IV", is_clinical=True)

    manager.has_perm("bookings.view_patients")  # the role's permissions, loaded once per request
    with django_assert_num_queries(1):
        first, second = patients_at_a_glance(manager, [kept, duplicate])

    assert (first.patient, second.patient) == (kept, duplicate)
    assert (first.bookings, first.upcoming, first.notes) == (4, 2, 2)
    assert first.next_visit == MONDAY + timedelta(days=2)
    assert first.last_visit == MONDAY - timedelta(days=30)  # the no-show was no visit
    assert (second.bookings, second.upcoming, second.notes) == (1, 0, 0)
    assert second.next_visit is None and second.last_visit is None


def test_the_side_by_side_counts_notes_and_records_as_the_user_may_see_them(
    clinic, frontdesk, provider_dana
):
    hers, priyas = PatientFactory(), PatientFactory()
    _book(clinic, hers)
    _book(clinic, priyas, provider=clinic.priya)
    Note.objects.create(patient=hers, author=frontdesk, text="Prefers mornings")
    Note.objects.create(patient=hers, author=provider_dana, text="Fitzpatrick IV", is_clinical=True)

    (desk_view,) = patients_at_a_glance(frontdesk, [hers])
    assert desk_view.notes == 1  # the desk does not read clinical notes
    dana_sees = patients_at_a_glance(provider_dana, [hers, priyas])
    assert [g.patient for g in dana_sees] == [hers]
    assert dana_sees[0].notes == 2

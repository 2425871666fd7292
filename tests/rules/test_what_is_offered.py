"""What availability offers: the horizon's last day and not the next, the union of
overlapping time off, and never an inactive provider (online, by phone, in the menus)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings import selectors, services
from bookings.models import Provider, TimeOff
from bookings.staff.forms import PhoneBookingForm
from tests.factories import MONDAY, as_user, provider_make

CHICAGO = ZoneInfo("America/Chicago")
TODAY = datetime(2027, 4, 11).date()  # frozen_monday's Sunday
DAY = MONDAY.astimezone(CHICAGO).date()
EVERY_DAY = [(weekday, "09:00", "17:00") for weekday in range(7)]


def _days(clinic, *, start, end, provider=None, online=True) -> list:
    return list(
        selectors.slots_available(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start_date=start,
            end_date=end,
            provider=provider,
            online=online,
        )
    )


def _starts(clinic, provider, day=DAY) -> list[str]:
    slots = selectors.slots_available(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start_date=day,
        end_date=day,
        provider=provider,
    )
    return [s.start.astimezone(CHICAGO).strftime("%H:%M") for s in slots.get(day, [])]


def _local(day, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=CHICAGO)


def test_the_horizons_last_day_is_offered_online_and_the_next_is_not(clinic, frozen_monday):
    every_day = provider_make("Eve", [clinic.halo], hours=EVERY_DAY)
    horizon = clinic.consultation.horizon_days
    last, next_day = TODAY + timedelta(days=horizon), TODAY + timedelta(days=horizon + 1)
    offered = _days(clinic, start=last - timedelta(days=2), end=next_day, provider=every_day)
    assert offered[-1] == last
    assert next_day not in offered
    # The desk, by phone, may go past it.
    assert next_day in _days(clinic, start=last, end=next_day, provider=every_day, online=False)


def test_a_shorter_horizon_moves_the_last_day(clinic, frozen_monday):
    every_day = provider_make("Eve", [clinic.halo], hours=EVERY_DAY)
    clinic.consultation.horizon_days = 3
    clinic.consultation.save(update_fields=["horizon_days"])
    offered = _days(clinic, start=TODAY, end=TODAY + timedelta(days=10), provider=every_day)
    assert offered[-1] == TODAY + timedelta(days=3)


def test_two_overlapping_time_off_entries_are_both_kept_and_both_block(
    clinic, frontdesk, frozen_monday
):
    dana = clinic.dana
    services.time_off_create(
        actor=frontdesk, provider=dana, start=_local(DAY, "09:00"), end=_local(DAY, "11:00")
    )
    services.time_off_create(
        actor=frontdesk, provider=dana, start=_local(DAY, "10:00"), end=_local(DAY, "12:00")
    )
    assert TimeOff.objects.filter(provider=dana).count() == 2
    starts = _starts(clinic, dana)
    assert starts[0] == "12:00"  # the union, 9:00 to 12:00, is blocked
    assert not [s for s in starts if s < "12:00"]


def test_removing_one_of_two_overlapping_entries_leaves_the_other_blocking(clinic, frozen_monday):
    dana = clinic.dana
    first = TimeOff.objects.create(
        provider=dana, start=_local(DAY, "09:00"), end=_local(DAY, "11:00")
    )
    TimeOff.objects.create(provider=dana, start=_local(DAY, "10:00"), end=_local(DAY, "12:00"))
    first.delete()
    starts = _starts(clinic, dana)
    assert "09:00" in starts and "09:15" in starts  # 9:15-9:45 plus buffer ends 9:55
    assert not [s for s in starts if "09:30" <= s < "12:00"]


@pytest.fixture
def priya_left(clinic):
    Provider.objects.filter(pk=clinic.priya.pk).update(is_active=False)
    clinic.priya.refresh_from_db()
    return clinic.priya


def test_an_inactive_provider_is_never_offered_online(clinic, frozen_monday, priya_left):
    assert _starts(clinic, priya_left) == []
    slots = selectors.slots_available(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        start_date=DAY,
        end_date=DAY + timedelta(days=7),
    )
    offered = {pid for day in slots.values() for slot in day for pid in slot.provider_ids}
    assert offered == {clinic.dana.pk}


def test_an_inactive_provider_cannot_be_booked_even_by_name(clinic, frozen_monday, priya_left):
    from tests.factories import patient_details

    with pytest.raises(services.SlotTaken):
        services.booking_create(
            appointment_type=clinic.consultation,
            treatment=clinic.halo,
            start=MONDAY,
            provider=priya_left,
            patient_details=patient_details(),
            source="phone",
            online=False,
        )


def test_an_inactive_provider_is_not_in_the_staff_booking_menu(clinic, priya_left):
    choices = PhoneBookingForm().fields["provider"].queryset
    assert list(choices) == [clinic.dana]


def test_an_inactive_provider_is_not_named_on_the_public_or_staff_booking_pages(
    client, clinic, frontdesk, frozen_monday, priya_left
):
    public = client.get(reverse("bookings:pick_time", kwargs={"treatment_slug": "halo"}))
    assert public.status_code == 200
    assert "Priya" not in public.content.decode()
    as_user(client, frontdesk)
    staff = client.get(reverse("staff:booking_new"))
    assert staff.status_code == 200
    assert "Priya" not in staff.content.decode()

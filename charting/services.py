"""Writing charts: the draft, its sign-off and the addenda after it. Each write checks who
(charting/access.py), locks the chart's booking so two tabs cannot interleave, refuses to
touch a signed-off chart (PostgreSQL refuses too: migration 0003) and writes its audit row
in the same transaction."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from bookings.audit import audit_record
from bookings.models import AuditEntry, Booking

from . import access
from .models import Addendum, Area, Chart, ChartArea, ChartSetting, Device, DeviceSetting


class ChartError(Exception):
    """A chart that cannot be written as asked; `str()` is safe to show the provider."""


SIGNED_OFF = "This chart was signed off; add an addendum instead."


def setting_value_clean(*, setting: DeviceSetting, raw: str) -> str:
    """The one check of a setting's value: a number within the device's range (kept as
    "20", not "20.000"), or a short text. Raises ChartError with words for the form."""
    raw = (raw or "").strip()
    if setting.kind == DeviceSetting.Kind.TEXT:
        if len(raw) > 80:
            raise ChartError("At most 80 characters.")
        return raw
    try:
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ChartError("Enter a number.") from None
    if not number.is_finite():
        raise ChartError("Enter a number.")
    unit = f" {setting.unit}" if setting.unit else ""
    if setting.min_value is not None and number < setting.min_value:
        raise ChartError(f"At least {_plain(setting.min_value)}{unit}.")
    if setting.max_value is not None and number > setting.max_value:
        raise ChartError(f"At most {_plain(setting.max_value)}{unit}.")
    return _plain(number)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


@dataclass
class ChartDetails:
    """What the provider wrote; `settings` maps an area's id to {setting key: value}."""

    device: Device
    areas: list[Area]
    settings: dict[int, dict[str, str]] = field(default_factory=dict)
    skin_type: str = ""
    anaesthetic: str = ""
    anaesthetic_minutes: int | None = None
    erythema: int | None = None
    oedema: int | None = None
    adverse_events: str = ""
    next_time_notes: str = ""


CLINICAL_FIELDS = (
    "skin_type",
    "anaesthetic",
    "anaesthetic_minutes",
    "erythema",
    "oedema",
    "adverse_events",
    "next_time_notes",
)


def _booking_lock(booking: Booking) -> Chart | None:
    """Locks the booking row (a chart that does not exist yet has no row to lock) and returns
    its chart as it is now."""
    Booking.objects.select_for_update().filter(pk=booking.pk).first()
    return Chart.objects.select_for_update().filter(booking=booking).first()


def chart_save(*, booking: Booking, actor, details: ChartDetails, sign_off: bool = False) -> Chart:
    """Writes the session's draft chart (creating it the first time), and signs it off too
    when asked. Refused on a signed-off chart."""
    access.require(
        access.may_write_chart(actor, booking), actor=actor, what="write chart", booking=booking
    )
    if sign_off:
        access.require(
            access.may_sign_off_chart(actor, booking),
            actor=actor,
            what="sign off chart",
            booking=booking,
        )
    if not details.device.is_active:
        raise ChartError("Choose one of the clinic's active devices.")
    if not details.areas:
        raise ChartError("Choose at least one treated area.")
    known = {s.key: s for s in details.device.settings.all()}
    cleaned: dict[int, dict[DeviceSetting, str]] = {}
    for area in details.areas:
        values = details.settings.get(area.pk, {})
        unknown = set(values) - set(known)
        if unknown:
            raise ChartError(f"{details.device} has no setting {sorted(unknown)[0]}.")
        cleaned[area.pk] = {
            known[key]: setting_value_clean(setting=known[key], raw=raw)
            for key, raw in values.items()
            if str(raw).strip()
        }
    with transaction.atomic():
        chart = _booking_lock(booking)
        if chart is not None and chart.is_signed_off:
            raise ChartError(SIGNED_OFF)
        created = chart is None
        if created:
            chart = Chart(booking=booking, created_by=actor)
        chart.device = details.device
        # What the chart says is copied from the catalogue now: a later rewording of a
        # device, an area or a setting must not change a chart already written.
        chart.device_name = details.device.name
        for name in CLINICAL_FIELDS:
            setattr(chart, name, getattr(details, name))
        chart.save()
        # The areas are written afresh: a draft is the provider's latest word, whole.
        ChartArea.objects.filter(chart=chart).delete()
        for area in details.areas:
            chart_area = ChartArea.objects.create(chart=chart, area=area, area_name=area.name)
            ChartSetting.objects.bulk_create(
                ChartSetting(
                    chart_area=chart_area,
                    setting=setting,
                    label=setting.label,
                    unit=setting.unit,
                    value=value,
                )
                for setting, value in cleaned[area.pk].items()
            )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.CHANGE,
            what="chart",
            booking=booking,
            detail={"device": str(details.device), "areas": [a.name for a in details.areas]},
        )
        if sign_off:
            _sign_off(chart, actor=actor)
    return chart


def chart_sign_off(*, booking: Booking, actor) -> Chart:
    """Signs off the session's draft as it stands: from now on it only grows addenda."""
    access.require(
        access.may_sign_off_chart(actor, booking),
        actor=actor,
        what="sign off chart",
        booking=booking,
    )
    with transaction.atomic():
        chart = _booking_lock(booking)
        if chart is None:
            raise ChartError("There is no chart to sign off yet.")
        if chart.is_signed_off:
            raise ChartError("This chart was already signed off.")
        _sign_off(chart, actor=actor)
    return chart


def _sign_off(chart: Chart, *, actor) -> None:
    status = Booking.objects.filter(pk=chart.booking_id).values_list("status", flat=True).get()
    if not access.session_signable(status):
        raise ChartError(
            "A chart is signed off once the patient has arrived: check the session in first "
            f"(it is {Booking.Status(status).label.lower()})."
        )
    if not chart.areas.exists():
        raise ChartError("Choose at least one treated area before signing off.")
    _chart_sign_off_write(chart, by=actor, at=timezone.now())
    audit_record(
        actor=actor, action=AuditEntry.Action.CHANGE, what="chart signed off", booking=chart.booking
    )


def _chart_sign_off_write(chart: Chart, *, by, at: datetime) -> None:
    """The one write of a chart's sign-off, for _sign_off and the demo's charts (charting/demo.py,
    signed off when their past session ended); no check of who or when: the caller's part.
    From this write on, PostgreSQL refuses any change to the chart (migration 0003)."""
    chart.signed_off_at = at
    chart.signed_off_by = by
    chart.save(update_fields=["signed_off_at", "signed_off_by", "updated_at"])


def addendum_add(*, booking: Booking, actor, text: str) -> Addendum:
    """Words added under a signed-off chart (a draft is simply edited)."""
    access.require(
        access.may_write_chart(actor, booking), actor=actor, what="chart addendum", booking=booking
    )
    text = (text or "").strip()
    if not text:
        raise ChartError("Write the addendum first.")
    with transaction.atomic():
        chart = _booking_lock(booking)
        if chart is None or not chart.is_signed_off:
            raise ChartError("Addenda are added to a signed-off chart; edit the draft instead.")
        addendum = Addendum.objects.create(chart=chart, text=text, author=actor)
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, what="chart addendum", booking=booking
        )
    return addendum

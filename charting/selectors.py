"""Reading charts: a session's chart, the last signed-off one of its series (what the next
chart carries forward), and a patient's series side by side. A series is the patient's
sessions of one treatment, found through their bookings (so a merge of two patient records,
which moves bookings, moves charts with them)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from bookings.models import Booking, Patient

from . import access
from .models import Area, Chart, ChartArea, ChartSetting, Device


def charts_full() -> QuerySet[Chart]:
    """Charts with everything a page shows of them, in a fixed number of queries."""
    return Chart.objects.select_related(
        "booking__provider",
        "booking__treatment",
        "booking__appointment_type",
        "device",
        "created_by",
        "signed_off_by",
    ).prefetch_related(
        Prefetch(
            "areas",
            queryset=ChartArea.objects.select_related("area").prefetch_related(
                Prefetch("settings", queryset=ChartSetting.objects.select_related("setting"))
            ),
        ),
    )


def chart_of(booking: Booking) -> Chart | None:
    return charts_full().prefetch_related("addenda__author").filter(booking=booking).first()


def chart_previous(booking: Booking) -> Chart | None:
    """The last signed-off chart of the same patient's same treatment before this session:
    what this one opens with and shows as "last time"."""
    return (
        charts_full()
        .filter(
            booking__patient_id=booking.patient_id,
            booking__treatment_id=booking.treatment_id,
            booking__start__lt=booking.start,
            signed_off_at__isnull=False,
        )
        .order_by("-booking__start")
        .first()
    )


def chart_status_of(booking: Booking) -> Chart | None:
    """Only whether a chart exists and who signed it off: what the desk may know."""
    return (
        Chart.objects.select_related("signed_off_by")
        .only(
            "booking_id",
            "signed_off_at",
            "signed_off_by__username",
            "signed_off_by__first_name",
            "signed_off_by__last_name",
            "created_at",
        )
        .filter(booking=booking)
        .first()
    )


def chart_values(chart: Chart | None) -> dict[int, dict[str, str]]:
    """{area id: {setting key: value}} of a chart loaded by charts_full()."""
    if chart is None:
        return {}
    return {
        chart_area.area_id: {s.setting.key: s.value for s in chart_area.settings.all()}
        for chart_area in chart.areas.all()
    }


def chart_value_texts(chart: Chart | None) -> dict[int, dict[str, str]]:
    """{area id: {setting key: "20 %"}}: what the chart said, in its own units (for "last
    time" beside the fields of the next one)."""
    if chart is None:
        return {}
    return {
        chart_area.area_id: {s.setting.key: str(s) for s in chart_area.settings.all()}
        for chart_area in chart.areas.all()
    }


def devices_for(booking: Booking) -> tuple[QuerySet[Device], Device | None]:
    """The clinic's active devices, and the one linked to the booking's treatment."""
    devices = Device.objects.filter(is_active=True)
    linked = devices.filter(treatments=booking.treatment_id).first()
    return devices, linked


# -- the chart page ------------------------------------------------------------------------


@dataclass
class ChartPage:
    """The chart page of one session as one user may see it: the chart, last time's, what
    the user may do (`flags`, access.chart_flags) and, when the page has a form, what it is
    for and what it opens with."""

    flags: dict[str, bool]
    chart: Chart | None
    last: Chart | None
    devices: QuerySet[Device]
    # The form's device; None when the page has no form (the user does not write this
    # chart, it is signed off, or the clinic has no active device).
    device: Device | None = None
    areas: list[Area] = field(default_factory=list)
    # The chart the form opens with: the draft's own values (`opens_whole`), or what
    # carries forward from last time; None for an empty form.
    opens_from: Chart | None = None
    opens_whole: bool = False

    @property
    def opens_values(self) -> dict[int, dict[str, str]]:
        return chart_values(self.opens_from)

    @property
    def last_texts(self) -> dict[int, dict[str, str]]:
        return chart_value_texts(self.last)


def chart_page(*, booking: Booking, user: access.User, device_asked: int | None) -> ChartPage:
    """What the chart page of `booking` shows `user`; `device_asked` is the device chosen on
    the page, if any. The form is offered to whoever writes the chart while it is a draft."""
    flags = access.chart_flags(user, booking)
    chart = chart_of(booking)
    # Last time's chart is read under the same rule as this one (the same patient's).
    last = chart_previous(booking) if flags["may_read"] else None
    # Only the form lists the devices: unasked, the queryset never reaches the database.
    page = ChartPage(
        flags=flags, chart=chart, last=last, devices=Device.objects.filter(is_active=True)
    )
    if not flags["may_write"] or (chart is not None and chart.is_signed_off):
        return page
    page.devices, linked = devices_for(booking)
    page.device = _device_pick(
        devices=page.devices, linked=linked, asked=device_asked, chart=chart, last=last
    )
    if page.device is None:
        return page
    page.areas = list(Area.objects.filter(is_active=True))
    if chart is not None and chart.device_id == page.device.pk:
        page.opens_from, page.opens_whole = chart, True
    elif chart is None and last is not None and last.device_id == page.device.pk:
        # A first draft opens with last time's chart, when it was made with the same device.
        page.opens_from = last
    return page


def _device_pick(
    *,
    devices: QuerySet[Device],
    linked: Device | None,
    asked: int | None,
    chart: Chart | None,
    last: Chart | None,
) -> Device | None:
    """The device the form is for: the one just chosen, else the draft's, else last time's,
    else the one linked to the booking's treatment, else the first active one."""
    if asked is not None:
        found = devices.filter(pk=asked).first()
        if found:
            return found
    for candidate in (chart and chart.device, last and last.device, linked):
        if candidate is not None and candidate.is_active:
            return candidate
    return devices.first()


# -- the side-by-side ----------------------------------------------------------------------


@dataclass
class Row:
    label: str
    cells: list[str]
    is_heading: bool = False


@dataclass
class Series:
    """One treatment's sessions as columns, what was done as rows."""

    treatment: str
    charts: list[Chart]
    rows: list[Row] = field(default_factory=list)


def series_side_by_side(
    patient: Patient, *, draft_shown: Callable[[Chart], bool] = lambda chart: True
) -> list[Series]:
    """Every charted session of the patient, by treatment, oldest first: three queries
    however many sessions (charts; their areas; the areas' settings). A draft for which
    `draft_shown` says no (another provider's work in progress) keeps its column, marked
    `withheld`, with every cell empty."""
    charts = list(
        charts_full()
        .filter(booking__patient=patient)
        .annotate(addenda_count=Count("addenda"))
        .order_by("booking__treatment__name", "booking__start")
    )
    by_treatment: dict[int, Series] = {}
    for chart in charts:
        chart.withheld = not chart.is_signed_off and not draft_shown(chart)
        treatment = chart.booking.treatment
        by_treatment.setdefault(treatment.pk, Series(treatment.name, [])).charts.append(chart)
    for series in by_treatment.values():
        series.rows = _rows(series.charts)
    return list(by_treatment.values())


def _rows(charts: list[Chart]) -> list[Row]:
    """What each chart said (its own copy of the catalogue's words, never today's)."""

    def each(get) -> list[str]:
        return ["" if getattr(chart, "withheld", False) else get(chart) for chart in charts]

    def response(value) -> str:
        return "" if value is None else str(value)

    rows = [
        Row("Device", each(lambda c: c.device_name)),
        Row("Skin type", each(lambda c: c.skin_type)),
        Row(
            "Anaesthetic",
            each(
                lambda c: (
                    c.anaesthetic
                    + (
                        f", {c.anaesthetic_minutes} min"
                        if c.anaesthetic_minutes is not None
                        else ""
                    )
                )
            ),
        ),
    ]
    # Every area treated in any session, then its settings in the devices' order. An area
    # or a setting is told apart by the words its chart used, so a renamed one gets its own
    # row rather than lending today's name to older charts.
    areas: dict[tuple, tuple] = {}
    settings: dict[tuple, dict[tuple, int]] = {}
    values: dict[tuple[int, tuple], dict[tuple, str]] = {}
    for index, chart in enumerate(charts):
        if getattr(chart, "withheld", False):
            continue
        for chart_area in chart.areas.all():
            area_key = (chart_area.area_id, chart_area.area_name)
            areas[area_key] = (chart_area.area.position, chart_area.area_name, area_key)
            for chart_setting in chart_area.settings.all():
                key = (chart_setting.label, chart_setting.unit)
                settings.setdefault(area_key, {}).setdefault(key, chart_setting.setting.position)
                values.setdefault((index, area_key), {})[key] = chart_setting.value
    for _, name, area_key in sorted(areas.values()):
        rows.append(
            Row(
                name,
                ["treated" if _treated(c, area_key) else "" for c in charts],
                is_heading=True,
            )
        )
        ordered = sorted(settings.get(area_key, {}).items(), key=lambda kv: kv[1])
        for (label, unit), _position in ordered:
            heading = label + (f" ({unit})" if unit else "")
            rows.append(
                Row(
                    heading,
                    [
                        values.get((i, area_key), {}).get((label, unit), "")
                        for i in range(len(charts))
                    ],
                )
            )
    rows += [
        Row("Erythema (0-3)", each(lambda c: response(c.erythema))),
        Row("Oedema (0-3)", each(lambda c: response(c.oedema))),
        Row("Adverse events", each(lambda c: c.adverse_events)),
        Row("Notes for next time", each(lambda c: c.next_time_notes)),
    ]
    return rows


def _treated(chart: Chart, area_key: tuple) -> bool:
    if getattr(chart, "withheld", False):
        return False
    return any((a.area_id, a.area_name) == area_key for a in chart.areas.all())

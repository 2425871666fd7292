"""The clinic's charting catalogue: its devices, the settings each device records per treated
area, and the list of areas it treats. The chart of a session (below, added by the charting
work) refers to these; managers edit them in the admin."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from bookings.models import Booking
from treatments.models import Treatment


class Area(models.Model):
    """A treated area from the clinic's fixed list (full face, neck, chest, hands...)."""

    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Device(models.Model):
    """A laser or other device the clinic treats with, and what it is used for."""

    name = models.CharField(max_length=120, unique=True)
    treatments = models.ManyToManyField(
        Treatment,
        blank=True,
        related_name="devices",
        help_text="The treatments it is used for: a chart of one opens with this device.",
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceSetting(models.Model):
    """A setting recorded per treated area for a device ("Ablative depth", µm)."""

    class Kind(models.TextChoices):
        NUMBER = "number", "Number"
        TEXT = "text", "Text"

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="settings")
    key = models.SlugField(
        max_length=40, help_text="Stays the same when the label is reworded: charts store by it."
    )
    label = models.CharField(max_length=80)
    unit = models.CharField(max_length=20, blank=True, help_text="e.g. %, µm, J/cm², mm, ms")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NUMBER)
    min_value = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    max_value = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["device", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["device", "key"], name="device_setting_key_once"),
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(min_value__lte=models.F("max_value")),
                name="device_setting_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device}: {self.label}" + (f" ({self.unit})" if self.unit else "")


class Chart(models.Model):
    """The provider's record of one treatment session (a treatment booking). A draft until
    signed off; from then on its clinical fields and its areas never change (the service
    refuses, and on PostgreSQL triggers of migrations 0003 and 0004 refuse too): later words
    are addenda. What the catalogue said when the chart was written (the device's name, each
    area's name, each setting's label and unit) is copied into the chart, so a manager
    rewording the catalogue later never changes what a signed chart says."""

    class SkinType(models.TextChoices):
        I = "I", "I (always burns, never tans)"  # noqa: E741
        II = "II", "II (usually burns, tans minimally)"
        III = "III", "III (sometimes burns, tans uniformly)"
        IV = "IV", "IV (burns minimally, always tans)"
        V = "V", "V (rarely burns, tans very easily)"
        VI = "VI", "VI (never burns)"

    # 0 none, 1 mild, 2 moderate, 3 severe: the usual immediate-response scale.
    RESPONSE_CHOICES = [(0, "0 none"), (1, "1 mild"), (2, "2 moderate"), (3, "3 severe")]

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="chart")
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="charts")
    device_name = models.CharField(max_length=120, help_text="The device's name when charted.")
    skin_type = models.CharField(
        "Fitzpatrick skin type", max_length=3, choices=SkinType.choices, blank=True
    )
    anaesthetic = models.CharField("anaesthetic used", max_length=200, blank=True)
    anaesthetic_minutes = models.PositiveSmallIntegerField(
        "anaesthetic on for (minutes)", null=True, blank=True
    )
    erythema = models.PositiveSmallIntegerField(null=True, blank=True, choices=RESPONSE_CHOICES)
    oedema = models.PositiveSmallIntegerField(null=True, blank=True, choices=RESPONSE_CHOICES)
    adverse_events = models.TextField(blank=True)
    next_time_notes = models.TextField("notes for next time", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        # Charting's own permission; charting/apps.py grants it to managers (practice/roles.py).
        permissions = [("sign_off_any_chart", "Can sign off any session's treatment chart")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(erythema__lte=3), name="chart_erythema_zero_to_three"
            ),
            models.CheckConstraint(
                condition=models.Q(oedema__lte=3), name="chart_oedema_zero_to_three"
            ),
            models.CheckConstraint(
                condition=models.Q(signed_off_at__isnull=True, signed_off_by__isnull=True)
                | models.Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="chart_signed_off_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Chart of {self.booking}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class ChartArea(models.Model):
    """An area treated in a charted session; its settings hang below it. `area_name` is the
    area's name when charted (what the chart says); `area` only links the series."""

    chart = models.ForeignKey(Chart, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    area_name = models.CharField(max_length=80)

    class Meta:
        ordering = ["area__position", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "area"], name="chart_area_once"),
        ]

    def __str__(self) -> str:
        return self.area_name


class ChartSetting(models.Model):
    """One setting's value on one treated area ("Ablative coverage" 20 on the full face).
    The value is kept as the provider's number or text, normalised ("20", not "20.000"), with
    the setting's label and unit as they were when charted (the catalogue may be reworded
    later; `setting` only links the series and carries a value forward by its key)."""

    chart_area = models.ForeignKey(ChartArea, on_delete=models.CASCADE, related_name="settings")
    setting = models.ForeignKey(DeviceSetting, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=80)
    unit = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=80)

    class Meta:
        ordering = ["setting__position", "setting_id"]
        constraints = [
            models.UniqueConstraint(fields=["chart_area", "setting"], name="chart_setting_once"),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.unit}".strip()

    @property
    def heading(self) -> str:
        """The label as the chart says it: Ablative coverage (%)."""
        return self.label + (f" ({self.unit})" if self.unit else "")


class Addendum(models.Model):
    """Words added to a signed-off chart, under it: the original stays as it was signed."""

    chart = models.ForeignKey(Chart, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Never edited or deleted once written (PostgreSQL refuses: migration 0005).
        ordering = ["created_at", "id"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.chart} by {self.author}"

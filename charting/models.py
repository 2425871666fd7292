"""The clinic's charting catalogue: its devices, the settings each device records per treated
area, and the list of areas it treats. The chart of a session (below, added by the charting
work) refers to these; managers edit them in the admin."""

from django.db import models

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

"""The provider's structured record of each treatment session: device, areas, settings,
skin response; signed off, then changed only by addenda."""

from django.apps import AppConfig


class ChartingConfig(AppConfig):
    name = "charting"
    verbose_name = "Treatment charting"

    def ready(self) -> None:
        # Charting adds its panels to bookings' staff pages and its part to a patient's data;
        # bookings never imports charting.
        from . import patient_data, staff_panels  # noqa: F401

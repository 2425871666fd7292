"""The provider's structured record of each treatment session: device, areas, settings,
skin response; signed off, then changed only by addenda."""

from django.apps import AppConfig


class ChartingConfig(AppConfig):
    name = "charting"
    verbose_name = "Treatment charting"

    def ready(self) -> None:
        from practice.roles import MANAGER, roles_grant

        # Charting adds its panels to bookings' staff pages and its part to a patient's data;
        # bookings never imports charting.
        from . import patient_data, staff_panels  # noqa: F401

        # A manager answers for any session: they may sign off a colleague's chart.
        roles_grant("charting", MANAGER, ["sign_off_any_chart"])

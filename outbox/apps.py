from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"

    def ready(self) -> None:
        # The outbox answers what bookings announce (confirmations, moves, cancellations) and
        # adds its pages to the staff menu; bookings never imports it.
        from . import patient_data, receivers, staff_panels  # noqa: F401

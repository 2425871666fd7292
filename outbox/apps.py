from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"

    def ready(self) -> None:
        # The outbox answers what bookings announce (confirmations, moves, cancellations) and
        # adds its pages to the staff menu; bookings never imports it. It declares the kinds
        # of message it writes itself, as every app that sends one does.
        from . import message_kinds, patient_data, receivers, staff_panels  # noqa: F401

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Forms and consent"

    def ready(self) -> None:
        # Forms listen to what bookings announce and add their panels to the staff pages;
        # bookings never imports consent.
        from . import (  # noqa: F401
            message_kinds,
            patient_data,
            patient_links,
            receivers,
            staff_panels,
        )

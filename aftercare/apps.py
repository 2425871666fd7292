from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = "Aftercare"

    def ready(self) -> None:
        # Aftercare listens to what bookings announce and adds its panels to the staff pages;
        # bookings never imports aftercare.
        from . import (  # noqa: F401
            message_kinds,
            patient_data,
            patient_links,
            public_sections,
            receivers,
            staff_panels,
        )

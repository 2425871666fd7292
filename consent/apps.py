from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Forms and consent"

    def ready(self) -> None:
        # Forms listen to what bookings announce and add their panels to the staff pages;
        # bookings never imports consent.
        from . import patient_data, patient_links, receivers, staff_panels  # noqa: F401

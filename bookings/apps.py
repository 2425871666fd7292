from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self) -> None:
        # The home page's providers; bookings' permissions granted to the roles.
        from . import public_sections, roles  # noqa: F401

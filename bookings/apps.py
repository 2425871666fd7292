from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import public_sections  # noqa: F401 (registers the home page's providers)
        from .roles import roles_sync

        # After the permissions themselves are created (also a post_migrate receiver).
        post_migrate.connect(roles_sync, sender=self, dispatch_uid="bookings-roles-sync")

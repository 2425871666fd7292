from django.apps import AppConfig


class MedspaConfig(AppConfig):
    name = "medspa"
    verbose_name = "Clinic app"

    def ready(self) -> None:
        # Connects the login receiver at start-up, not at the first request.
        from . import middleware  # noqa: F401

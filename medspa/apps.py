from django.apps import AppConfig


class MedspaConfig(AppConfig):
    name = "medspa"
    verbose_name = "Clinic app"

    def ready(self) -> None:
        # Connects the login receiver at start-up, not at the first request.
        # The deploy checks register themselves on import.
        from . import checks, middleware  # noqa: F401

from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatments and clinic"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (clears cached public pages on content edits)

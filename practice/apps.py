from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """The base layer every app stands on: what the whole practice shares and no one app owns.
    Today the one image module and the signed links; the patient, the audit log and roles
    move here next (ARCHITECTURE.md)."""

    name = "practice"
    verbose_name = "Practice"

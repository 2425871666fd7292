from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """The base layer every app stands on: what the whole practice shares and no one app owns.
    Today the one image module and the signed links; the patient, the audit log and roles
    move here next (ARCHITECTURE.md)."""

    name = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from django.core.checks import register
        from django.db.models.signals import post_migrate

        from .roles import roles_check, roles_sync_after_migrate

        register(roles_check)

        # After every migrate (and a test's flush), the roles' groups are made to match what
        # the apps grant.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="practice-roles-sync")

"""`python manage.py load_demo`: the fictional clinic's content and a demo staff login.

Idempotent: it only creates what is missing, so running it twice changes nothing and a
clinic's own edits survive it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from bookings.demo import bookings_demo_load
from treatments.demo import treatments_demo_load

DEMO_STAFF_USERNAME = "manager"
DEMO_STAFF_PASSWORD = "willowmere-demo"  # printed on purpose: a laptop demo, never production


class Command(BaseCommand):
    help = "Load the demo clinic (creates only what is missing) and, under DEBUG, a staff login."

    def handle(self, *args, **options) -> None:
        created = {**treatments_demo_load(), **bookings_demo_load()}
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Demo content: created {summary}.")

        if not settings.DEBUG:
            # A known password must never reach a real deployment.
            self.stdout.write("DJANGO_DEBUG is off: no demo staff login was created.")
            return
        user_model = get_user_model()
        user, made = user_model.objects.get_or_create(
            username=DEMO_STAFF_USERNAME,
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "email": "manager@willowmere.example",
            },
        )
        if made:
            user.set_password(DEMO_STAFF_PASSWORD)
            user.save(update_fields=["password"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff login: {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD} "
                "at http://127.0.0.1:{port}/admin/".format(port=_port())
            )
        )


def _port() -> str:
    import os

    return os.environ.get("PORT", "8000")

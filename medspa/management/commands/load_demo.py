"""`python manage.py load_demo`: the fictional clinic's content and a demo staff login.

Idempotent: it only creates what is missing, so running it twice changes nothing and a
clinic's own edits survive it.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from aftercare.demo import aftercare_demo_load
from bookings.demo import bookings_demo_load
from treatments.demo import treatments_demo_load

DEMO_STAFF_PASSWORD = "willowmere-demo"  # printed on purpose: a laptop demo, never production
# (username, role, also a provider of this name, Django admin access)
DEMO_LOGINS = [
    ("manager", "Manager", None, True),
    ("frontdesk", "Front desk", None, False),
    ("dana", "Provider", "Dana Whitfield", False),
]


class Command(BaseCommand):
    help = "Load the demo clinic (creates only what is missing) and, under DEBUG, a staff login."

    def handle(self, *args, **options) -> None:
        created = {**treatments_demo_load(), **bookings_demo_load(), **aftercare_demo_load()}
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Demo content: created {summary}.")

        if not settings.DEBUG:
            # A known password must never reach a real deployment.
            self.stdout.write("DJANGO_DEBUG is off: no demo staff login was created.")
            return
        from django.contrib.auth.models import Group

        from bookings.models import Provider

        user_model = get_user_model()
        for username, role, provider_name, admin in DEMO_LOGINS:
            user, made = user_model.objects.get_or_create(
                username=username,
                defaults={"is_staff": admin, "is_superuser": admin,
                          "email": f"{username}@willowmere.example"},
            )  # fmt: skip
            if made:
                user.set_password(DEMO_STAFF_PASSWORD)
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=role))
                if provider_name:
                    Provider.objects.filter(display_name=provider_name, user=None).update(user=user)
        port = os.environ.get("PORT", "8000")
        names = ", ".join(f"{u} ({role.lower()})" for u, role, _, _ in DEMO_LOGINS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff login: manager / {DEMO_STAFF_PASSWORD} at "
                f"http://127.0.0.1:{port}/staff/ (also {names}; same password)"
            )
        )

"""`python manage.py load_demo`: the fictional clinic's content, and under DEBUG its demo staff
logins and a lived-in fortnight (forty invented patients, their visits around today, running
aftercare, a no-show, a cancellation, time off and an open "something doesn't look right").

Idempotent: it only creates what is missing, so running it twice changes nothing and a
clinic's own edits survive it. With DEBUG off it loads the content only: invented patients
must never land in a real clinic's records by accident (--force-demo-patients says it is on
purpose, e.g. a staging site; the known demo password is never created without DEBUG).
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from aftercare.demo import aftercare_demo_day_load, aftercare_demo_load
from bookings.demo import bookings_demo_load
from bookings.demo_day import demo_day_choose, patients_demo_load, schedule_demo_load
from charting.demo import charting_catalogue_demo_load, charting_demo_day_load
from consent.demo import consent_demo_day_load, consent_demo_load
from outbox.demo import outbox_demo_day_load
from photos.demo import photos_demo_day_load
from treatments.demo import treatments_demo_load

DEMO_STAFF_PASSWORD = "willowmere-demo"  # printed on purpose: a laptop demo, never production
# (username, role, also a provider of this name, Django admin access)
DEMO_LOGINS = [
    ("manager", "Manager", None, True),
    ("frontdesk", "Front desk", None, False),
    ("dana", "Provider", "Dana Whitfield", False),
]


class Command(BaseCommand):
    help = (
        "Load the demo clinic (creates only what is missing) and, under DEBUG, its staff logins "
        "and a lived-in fortnight of patients and visits."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force-demo-patients",
            action="store_true",
            help="Also load the invented patients and their visits with DJANGO_DEBUG off "
            "(a staging site). Never creates the demo staff logins.",
        )

    def handle(self, *args, **options) -> None:
        created = {
            **treatments_demo_load(),
            **bookings_demo_load(),
            **aftercare_demo_load(),
            **consent_demo_load(),
            **charting_catalogue_demo_load(),
        }
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Demo content: created {summary}.")

        if not settings.DEBUG:
            # A known password must never reach a real deployment.
            self.stdout.write("DJANGO_DEBUG is off: no demo staff login was created.")
            if options["force_demo_patients"]:
                self._patients_load()
            else:
                self.stdout.write(
                    "DJANGO_DEBUG is off: refusing to add the demo's invented patients and "
                    "visits to this database. Pass --force-demo-patients if that is what you want."
                )
            return
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from bookings.models import Provider
        from bookings.staff.second_factor import DEMO_DEVICE

        user_model = get_user_model()
        for username, role, provider_name, admin in DEMO_LOGINS:
            user, made = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": admin,
                    "is_superuser": admin,
                    "email": f"{username}@willowmere.example",
                },
            )
            if made:
                user.set_password(DEMO_STAFF_PASSWORD)
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=role))
                if provider_name:
                    Provider.objects.filter(display_name=provider_name, user=None).update(user=user)
            # Pre-enrolled second factor: the code page shows its current code while DEBUG is on,
            # so a newcomer looks round without a phone (bookings/staff/second_factor.py).
            TOTPDevice.objects.get_or_create(
                user=user, name=DEMO_DEVICE, defaults={"confirmed": True}
            )
        self._patients_load()
        port = os.environ.get("PORT", "8000")
        names = ", ".join(f"{u} ({role.lower()})" for u, role, _, _ in DEMO_LOGINS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff login: manager / {DEMO_STAFF_PASSWORD} at "
                f"http://127.0.0.1:{port}/staff/ (also {names}; same password). "
                "The second step shows the demo logins' current code while DJANGO_DEBUG is on."
            )
        )

    def _patients_load(self) -> None:
        desk = get_user_model().objects.filter(username="frontdesk").first()
        with transaction.atomic():
            created = {"patients": patients_demo_load()}
            created.update(schedule_demo_load(desk_user=desk))
            created.update(aftercare_demo_day_load())
            created.update(consent_demo_day_load())
            created.update(charting_demo_day_load(desk_user=desk))
            created["photos"] = photos_demo_day_load()["photos"]
            created.update(outbox_demo_day_load())
        summary = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in created.items())
        self.stdout.write(f"Demo patients and visits: created {summary}.")
        day = demo_day_choose(today=timezone.localdate())
        if day != timezone.localdate():
            self.stdout.write(
                f"The clinic is closed today; its next open day, {day:%A %-d %B}, is at "
                f"/staff/schedule/?date={day:%Y-%m-%d}"
            )

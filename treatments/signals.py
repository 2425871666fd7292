from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .caching import content_version_bump
from .models import FAQ, Clinic, OpeningHours, Treatment


@receiver([post_save, post_delete], sender=Clinic)
@receiver([post_save, post_delete], sender=OpeningHours)
@receiver([post_save, post_delete], sender=Treatment)
@receiver([post_save, post_delete], sender=FAQ)
def public_pages_expire(**kwargs) -> None:
    # After commit: a request between the save and the commit would otherwise cache the old
    # content under the new version.
    transaction.on_commit(content_version_bump)

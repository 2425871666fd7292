"""What bookings adds to the public pages: the providers, on the home page."""

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from treatments import sections
from treatments.caching import content_version_bump
from treatments.models import Treatment

from .models import Provider


def home_providers() -> sections.Section | None:
    published = Prefetch("treatments", queryset=Treatment.objects.published())
    providers = list(
        Provider.objects.filter(is_active=True, on_home_page=True).prefetch_related(published)
    )
    if not providers:
        return None
    return sections.Section("bookings/_home_providers.html", {"providers": providers})


@receiver([post_save, post_delete], sender=Provider)
@receiver(m2m_changed, sender=Provider.treatments.through)
def public_pages_expire(**kwargs) -> None:
    # The home page introduces the providers: a new photo or title shows within a second.
    transaction.on_commit(content_version_bump)


sections.register(home=home_providers)

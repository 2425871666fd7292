"""The clinic's roles, as Django groups, and the catalogue of what each role may do.

Each app's permissions live on its own models (`Meta.permissions`), and each app grants them
to roles from its AppConfig.ready (`roles_grant`): bookings its schedule and patient
permissions, charting the manager's sign-off of any chart. roles_sync() runs after every
migrate and makes each group hold exactly what was granted to it, so the groups always match
the catalogue; a grant of a permission no model declares stops it at once.

What a permission cannot say (whose booking it is, which day it is) is in each app's access
module, the one home of "who may do what" there.
"""

import logging
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

log = logging.getLogger(__name__)

FRONT_DESK, PROVIDER, MANAGER = "Front desk", "Provider", "Manager"
ROLES = (FRONT_DESK, PROVIDER, MANAGER)

_GRANTED: dict[str, set[tuple[str, str]]] = {role: set() for role in ROLES}


def roles_grant(app_label: str, role: str, codenames: Iterable[str]) -> None:
    """Gives `role` the permissions `codenames` of `app_label`'s models."""
    _GRANTED[role] |= {(app_label, codename) for codename in codenames}


def role_permissions(role: str) -> set[tuple[str, str]]:
    """(app label, codename) of every permission granted to `role`."""
    return set(_GRANTED[role])


def roles_sync_after_migrate(*, app_config, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate is sent once per app with models, and Django makes each app's permissions
    on its own signal: the roles are synced on the last app's, when every permission exists."""
    from django.apps import apps

    if app_config == [c for c in apps.get_app_configs() if c.models_module][-1]:
        roles_sync(using=using)


def roles_sync(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Every role's group holds what the apps granted it, and nothing else. A grant whose
    permission the database does not hold yet (a migrate of one app back, or of one app
    forward on a new database) is left out with a warning, and comes with the next full
    migrate; a grant no model declares at all is refused by `roles_check`."""
    from django.contrib.auth.models import Group, Permission

    for role in ROLES:
        wanted = role_permissions(role)
        group, _ = Group.objects.using(using).get_or_create(name=role)
        if not wanted:
            group.permissions.clear()
            continue
        found = list(
            Permission.objects.using(using)
            .filter(reduce(or_, (Q(content_type__app_label=a, codename=c) for a, c in wanted)))
            .select_related("content_type")
        )
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            log.warning("%s: permissions not in the database yet: %s", role, sorted(missing))
        group.permissions.set(found)


def roles_check(app_configs=None, **kwargs) -> list:
    """A system check (manage.py check, and before every migrate and runserver): every grant
    names a permission some model declares, by its Meta.permissions or Django's defaults."""
    from django.apps import apps
    from django.contrib.auth.management import _get_all_permissions
    from django.core.checks import Error

    declared = {
        (model._meta.app_label, codename)
        for model in apps.get_models()
        for codename, _ in _get_all_permissions(model._meta)
    }
    return [
        Error(f"{role} is granted {app}.{codename}, which no model declares.", id="practice.E001")
        for role in ROLES
        for app, codename in sorted(role_permissions(role) - declared)
    ]

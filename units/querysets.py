from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from knox.models import AuthTokenManager

from . import visibility
from .choices import UnitKind
from .tree import ancestor_paths

if TYPE_CHECKING:
    from datetime import datetime

    from common.types import Viewer

    from .models import Unit


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Viewer) -> UnitQuerySet:
        return self.filter(self.scope_of(user).subtree_q("path"))

    def scope_of(self, user: Viewer) -> visibility.Scope:
        """The part of the tree `user` may see (units/visibility.py), from all units."""
        return visibility.scope_of(user, units=self.model._default_manager.all())

    def descendants_of(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(path__descendant_of=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def ancestors_of(self, unit: Unit, *, include_self: bool = False) -> UnitQuerySet:
        paths = ancestor_paths(unit.path)
        return self.filter(path__in=paths if include_self else paths[:-1])

    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def territorial(self) -> UnitQuerySet:
        return self.filter(kind__in=UnitKind.territorial())


class MembershipQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Viewer) -> MembershipQuerySet:
        # Unit through the foreign key: units/models.py imports this module, not the reverse.
        units = self.model._meta.get_field("unit").related_model
        return self.filter(units.objects.scope_of(user).subtree_q("unit__path"))


class ApiTokenQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Viewer) -> ApiTokenQuerySet:
        """The admin's rule: superusers see every token, anyone else only their own."""
        if user.is_superuser:
            return self
        return self.owned_by(user)

    def owned_by(self, user: Viewer) -> ApiTokenQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def alive(self, now: datetime | None = None) -> ApiTokenQuerySet:
        return self.filter(expiry__gt=now or timezone.now())


# A base built at run time (from_queryset), which the checker cannot follow.
class ApiTokenManager(AuthTokenManager.from_queryset(ApiTokenQuerySet)):  # type: ignore[misc]
    """knox's manager (its create() hashes the token and returns it once) with our queries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from knox.models import AuthTokenManager

from .choices import UnitKind
from .scope import scope_for
from .tree import ancestor_paths

if TYPE_CHECKING:
    from datetime import datetime

    from .models import Unit


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Any) -> UnitQuerySet:
        return self.filter(scope_for(user).subtree_q("path"))

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
    def visible_to(self, user: Any) -> MembershipQuerySet:
        return self.filter(scope_for(user).subtree_q("unit__path"))


class ApiTokenQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ApiTokenQuerySet:
        """The admin's rule: superusers see every token, anyone else only their own."""
        if getattr(user, "is_superuser", False):
            return self
        return self.owned_by(user)

    def owned_by(self, user: Any) -> ApiTokenQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def alive(self, now: datetime | None = None) -> ApiTokenQuerySet:
        return self.filter(expiry__gt=now or timezone.now())


class ApiTokenManager(AuthTokenManager.from_queryset(ApiTokenQuerySet)):  # type: ignore[misc]
    """knox's manager (its create() hashes the token and returns it once) with our queries."""

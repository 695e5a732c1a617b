from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .choices import UnitKind
from .scope import scope_for
from .tree import ancestor_paths

if TYPE_CHECKING:
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

"""What part of the unit tree a user may see.

Rule: a member of a unit sees that unit and all its descendants. A dissolved (legacy) unit
whose successor lies in that subtree is seen too, with its own subtree, so that plans of a
district abolished on 1/7/2025 stay readable by the commune that took over its duties.
Superusers see everything. The scope is computed once per user object (two small queries)
and every `visible_to(user)` queryset filters with it.

This module imports no model at run time: the unit querysets (which units/models.py imports)
compute the scope from the units they are given. Other code asks `units.scope.scope_for`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .tree import SEGMENT, ancestor_paths

if TYPE_CHECKING:
    from common.types import Viewer

    from .models import Unit

_CACHE_ATTR = "_portal_unit_scope"


def collapse(paths: set[str]) -> tuple[str, ...]:
    """Drop paths that lie under another path of the set (they add nothing to an OR)."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(root) for root in kept):
            kept.append(path)
    return tuple(kept)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    roots: tuple[str, ...] = ()
    member_paths: tuple[str, ...] = field(default=())
    roles: tuple[tuple[str, str], ...] = field(default=())  # (unit path, role) per membership

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.roots

    def subtree_q(self, path_field: str = "path") -> Q:
        """A Q matching rows whose `path_field` lies in the visible subtrees."""
        if self.everything:
            return Q()
        if not self.roots:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_field}__descendant_of": root}) for root in self.roots))

    def has_role_over(self, path: str, roles: tuple[str, ...]) -> bool:
        """True when one of `roles` is held in the unit at `path` or in one of its ancestors."""
        return self.everything or any(
            role in roles and path.startswith(member) for member, role in self.roles
        )

    def role_q(self, path_field: str, roles: tuple[str, ...]) -> Q:
        """A Q matching rows whose `path_field` lies under a unit where the user holds one
        of `roles` (what has_role_over answers for one row, for a whole queryset)."""
        if self.everything:
            return Q()
        paths = collapse({member for member, role in self.roles if role in roles})
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_field}__descendant_of": p}) for p in paths))

    def top_q(self, path_field: str = "path") -> Q:
        """A Q matching rows anywhere in the top-level trees (provinces) the user belongs to."""
        if self.everything:
            return Q()
        tops = collapse({root[:SEGMENT] for root in self.roots})
        if not tops:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_field}__descendant_of": top}) for top in tops))

    def superior_paths(self) -> set[str]:
        """Paths of the ancestors of the user's own units (their superiors, not themselves)."""
        result: set[str] = set()
        for path in self.member_paths:
            result.update(ancestor_paths(path)[:-1])
        return result


def scope_of(user: Viewer, *, units: QuerySet[Unit]) -> Scope:
    """The user's scope, computed once per user object from `units` (all units)."""
    cached: Scope | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = _compute(user, units)
    # AnonymousUser-like objects without a __dict__ simply do not cache.
    with contextlib.suppress(AttributeError):
        setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Viewer) -> None:
    """Drop the cached scope (after memberships change within one request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _compute(user: Viewer, units: QuerySet[Unit]) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    rows = list(units.filter(memberships__user=user).values_list("path", "memberships__role"))
    member_paths = {path for path, _role in rows}
    if not member_paths:
        return Scope()
    roots = collapse(member_paths)
    own = Scope(roots=roots)
    predecessor_paths = set(
        units.filter(successors__in=units.filter(own.subtree_q()))
        .values_list("path", flat=True)
        .distinct()
    )
    return Scope(
        roots=collapse(set(roots) | predecessor_paths),
        member_paths=tuple(member_paths),
        roles=tuple(sorted(set(rows))),
    )

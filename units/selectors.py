"""Reads about units and roles that other apps ask for."""

from __future__ import annotations

from common.types import Viewer

from .choices import Role, UnitKind
from .models import Membership, Unit

EDIT_ROLES = (Role.EDITOR, Role.UNIT_ADMIN)


def units_with_role(user: Viewer, roles: tuple[str, ...]) -> list[Unit]:
    if not user.is_authenticated:
        return []
    return list(
        Unit.objects.filter(memberships__user=user, memberships__role__in=roles)
        .distinct()
        .order_by("path")
    )


def has_role(user: Viewer, unit_id: int | None, roles: tuple[str, ...]) -> bool:
    if not user.is_authenticated or unit_id is None:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit_id=unit_id, role__in=roles).exists()


def subordinate_units(unit: Unit) -> list[Unit]:
    """The organisations a unit gives work to: its own active children; for an advisory
    board of a committee (e.g. Ban Tuyên giáo và Dân vận), the committees under that
    committee as well, as the seed plans do."""
    children = list(
        Unit.objects.filter(parent=unit, is_active=True)
        .exclude(kind__in=UnitKind.territorial())
        .order_by("name")
    )
    if unit.kind == UnitKind.PARTY_BOARD and unit.parent_id:
        children += list(
            Unit.objects.filter(
                parent_id=unit.parent_id, kind=UnitKind.PARTY_COMMITTEE, is_active=True
            ).order_by("name")
        )
    return children


def related_identities(unit: Unit) -> set[int]:
    """The unit with its predecessors and successors: who a task addressed to it means."""
    ids = {unit.pk}
    ids.update(unit.predecessors.values_list("pk", flat=True))
    ids.update(unit.successors.values_list("pk", flat=True))
    return ids

"""Writes on units and memberships. Every write with a rule goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from common.types import Person

from .choices import DocumentStyle, Role
from .models import Membership, Unit
from .scope import forget_scope
from .signals import unit_dissolved
from .tree import SEGMENT, child_path, depth_of

# Tables that copy a unit's path (and its root) onto their rows for fast subtree queries,
# registered by the apps that own them (e.g. campaigns.Activity): a move re-paths them too.
PATH_COPIES: list[tuple[type[Any], str, str]] = []


def register_path_copy(model: type[Any], path_field: str, root_field: str) -> None:
    if (model, path_field, root_field) not in PATH_COPIES:
        PATH_COPIES.append((model, path_field, root_field))


def _path_for(parent: Unit | None, pk: int) -> str:
    return child_path(parent.path if parent else "", pk)


@transaction.atomic
def unit_create(
    *,
    name: str,
    kind: str,
    system: str,
    parent: Unit | None = None,
    territory: Unit | None = None,
    doc_style: str = DocumentStyle.STATE,
    **fields: Any,
) -> Unit:
    if parent is not None and not parent.path:
        raise DomainError(_("Đơn vị cấp trên chưa có vị trí trong cây đơn vị."))
    unit = Unit(
        name=name,
        kind=kind,
        system=system,
        parent=parent,
        territory=territory,
        doc_style=doc_style,
        **fields,
    )
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    unit_place(unit=unit)
    return unit


def unit_place(*, unit: Unit) -> None:
    """Give a newly saved unit its place in the tree encoding."""
    unit.path = _path_for(unit.parent, unit.pk)
    unit.depth = depth_of(unit.path)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None) -> Unit:
    """Re-hang a unit and its whole subtree under `new_parent` (one UPDATE)."""
    unit.refresh_from_db()
    if new_parent is not None:
        new_parent.refresh_from_db()
        if new_parent.path.startswith(unit.path):
            raise DomainError(_("Không thể chuyển một đơn vị vào chính cây con của nó."))
    old_path = unit.path
    new_path = _path_for(new_parent, unit.pk)
    shift = (len(new_path) - len(old_path)) // SEGMENT
    Unit.objects.filter(path__descendant_of=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + shift,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    new_root = int(new_path[:SEGMENT])
    for model, path_field, root_field in PATH_COPIES:
        model.objects.filter(**{f"{path_field}__descendant_of": old_path}).update(
            **{
                path_field: Concat(
                    Value(new_path), Substr(path_field, len(old_path) + 1, Length(path_field))
                ),
                f"{root_field}_id": new_root,
            }
        )
    unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_dissolve(*, unit: Unit, on: date, successors: Iterable[Unit]) -> Unit:
    """End a unit on `on` and name who takes over its open duties."""
    successor_list = list(successors)
    if any(s.pk == unit.pk for s in successor_list):
        raise DomainError(_("Đơn vị không thể kế thừa chính nó."))
    if unit.valid_from and on < unit.valid_from:
        raise DomainError(_("Ngày giải thể không được trước ngày đơn vị bắt đầu hoạt động."))
    unit.valid_to = on
    unit.is_active = False
    unit.save(update_fields=["valid_to", "is_active"])
    unit.successors.add(*successor_list)
    unit_dissolved.send(sender=Unit, unit=unit, successors=successor_list, on=on)
    return unit


def membership_add(*, user: Person, unit: Unit, role: str) -> Membership:
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ: %(role)s") % {"role": role})
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    forget_scope(user)
    return membership

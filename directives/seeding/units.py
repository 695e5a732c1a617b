"""Loads seed_data/units.yaml: the organisations the seed plans name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from units.bodies import PROFILE_FIELDS
from units.body_names import TYPE_WORD
from units.choices import DivisionType, UnitKind
from units.models import Unit
from units.services import unit_create, unit_move

from .refs import SeedError, UnitResolver

# Party committee of a territory and the organ code it uses in document symbols; codes
# we could not confirm for thị ủy / thành ủy thuộc tỉnh are left blank
# (shared/docs/official-format.md B.7).
_COMMITTEE: dict[str, tuple[str, str]] = {
    DivisionType.HUYEN: ("Huyện ủy", "HU"),
    DivisionType.QUAN: ("Quận ủy", "QU"),
    DivisionType.THI_XA: ("Thị ủy", ""),
    DivisionType.THANH_PHO: ("Thành ủy", ""),
}
_FIELDS = (*PROFILE_FIELDS, "valid_from", "valid_to")
_KNOWN_KEYS = {*_FIELDS, "key", "parent", "territory", "successors", "active", "each"}
_LEVEL = {"province": UnitKind.PROVINCE, "district": UnitKind.DISTRICT, "commune": UnitKind.COMMUNE}


@dataclass
class UnitsReport:
    created: int = 0
    updated: int = 0
    successors_added: int = 0
    keys: list[str] = field(default_factory=list)


def _placeholders(territory: Unit) -> dict[str, str]:
    committee, committee_code = _COMMITTEE.get(territory.division_type, ("Đảng ủy", "ĐU"))
    return {
        "code": territory.code,
        "name": territory.name,
        "short": territory.short_name,
        "type": TYPE_WORD.get(territory.division_type, ""),
        "committee": committee,
        "committee_code": committee_code,
        "territory": f"{territory.scheme}:{territory.code}",
    }


def _expand(entries: list[dict[str, Any]], resolver: UnitResolver) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        unknown = set(entry) - _KNOWN_KEYS
        if unknown:
            raise SeedError(
                _("units.yaml mục %(n)s: trường không xác định %(fields)s.")
                % {"n": index + 1, "fields": ", ".join(sorted(unknown))}
            )
        each = entry.get("each")
        if not each:
            specs.append(entry)
            continue
        where = f"units.yaml mục {index + 1}"
        under = resolver.get(str(each["under"]), where=where)
        level = _LEVEL.get(str(each.get("level")))
        if level is None:
            raise SeedError(
                _("%(where)s: level phải là province, district hoặc commune.") % {"where": where}
            )
        territories = Unit.objects.filter(parent=under, kind=level).order_by("code")
        template = {k: v for k, v in entry.items() if k != "each"}
        for territory in territories:
            values = _placeholders(territory)
            specs.append(
                {k: v.format(**values) if isinstance(v, str) else v for k, v in template.items()}
            )
    return specs


def _named_unit(
    spec: dict[str, Any], name: str, resolver: UnitResolver, *, where: str
) -> Unit | None:
    """The unit the spec's `parent` or `territory` names, if it names one."""
    return resolver.get(str(spec[name]), where=where) if spec.get(name) else None


def _unit_values(spec: dict[str, Any]) -> dict[str, Any]:
    values = {name: spec[name] for name in _FIELDS if name in spec}
    values.setdefault("doc_style", "state")
    values["is_active"] = bool(spec.get("active", spec.get("valid_to") is None))
    return values


def _unit_refresh(unit: Unit, values: dict[str, Any], *, territory: Unit | None) -> bool:
    """Rewrite the fields (and territory) that differ from the spec; True when any did."""
    changed = [n for n, v in values.items() if getattr(unit, n) != v]
    if unit.territory_id != (territory.pk if territory else None):
        unit.territory = territory
        changed.append("territory")
    if not changed:
        return False
    for name in changed:
        if name != "territory":
            setattr(unit, name, values[name])
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    return True


def _unit_upsert(
    spec: dict[str, Any], *, key: str, resolver: UnitResolver, report: UnitsReport
) -> Unit:
    """Create the unit `key`, or bring it (fields, territory, place in the tree) to its spec."""
    where = f"units.yaml {key}"
    parent = _named_unit(spec, "parent", resolver, where=where)
    territory = _named_unit(spec, "territory", resolver, where=where)
    values = _unit_values(spec)
    try:
        unit = Unit.objects.filter(key=key).first()
        if unit is None:
            unit = unit_create(key=key, parent=parent, territory=territory, **values)
            report.created += 1
            return unit
        if _unit_refresh(unit, values, territory=territory):
            report.updated += 1
        if unit.parent_id != (parent.pk if parent else None):
            unit = unit_move(unit=unit, new_parent=parent)
            report.updated += 1
        return unit
    except ValidationError as exc:
        raise SeedError(f"{where}: {' '.join(exc.messages)}") from exc


def _successors_add(spec: dict[str, Any], resolver: UnitResolver) -> int:
    """Link the unit to the successors its spec names; how many links are new."""
    where = f"units.yaml {spec['key']}"
    unit = resolver.get(str(spec["key"]), where=where)
    wanted = resolver.many([str(s) for s in spec["successors"]], where=where)
    have = set(unit.successors.values_list("pk", flat=True))
    new = [s for s in wanted if s.pk not in have]
    unit.successors.add(*new)
    return len(new)


def seed_units_load(entries: list[dict[str, Any]], resolver: UnitResolver) -> UnitsReport:
    report = UnitsReport()
    specs = _expand(entries, resolver)
    for spec in specs:
        key = str(spec["key"])
        resolver.remember(key, _unit_upsert(spec, key=key, resolver=resolver, report=report))
        report.keys.append(key)
    for spec in specs:
        if spec.get("successors"):
            report.successors_added += _successors_add(spec, resolver)
    return report

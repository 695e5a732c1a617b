"""Bodies at every level: the organs every current province and commune has, made from
the body templates (units.models.BodyTemplate) in one bulk load.

For each active template and each current (2025 map, active) territory of its level there
is one body: a unit keyed "body:<template>:<scheme>:<code>", linked to its territory and to
its template. The load is idempotent: a second run creates nothing, and brings the bodies
it created to their templates (names, headers, place in the tree). A unit that already
serves the territory under the template's name (a seed unit such as "UBND phường Kỳ Lừa")
is adopted, never duplicated, renamed or moved. Nothing is deleted: a deactivated template
stops creating bodies. Across the 1/7/2025 reform each body is named the successor of the
bodies of its kind on the territories its territory was made from.

Like the catalogue import (units/admin_units.py) it writes with bulk_create/bulk_update,
which record no django-simple-history rows, and keeps the tree encoding (path, depth) itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction

from .body_names import Place, normalise, placeholders, render
from .choices import BodyLevel, Scheme, UnitKind
from .models import BodyTemplate, Unit
from .services import unit_move
from .tree import child_path, depth_of

KEY_PREFIX = "body:"
_LEVEL_KIND = {BodyLevel.PROVINCE: UnitKind.PROVINCE, BodyLevel.COMMUNE: UnitKind.COMMUNE}
# Kinds a territory has one of: such a body succeeds its kind on the predecessor territories
# whatever its name was there (Huyện ủy Cẩm Giàng -> Đảng ủy xã Cẩm Giàng).
_ONE_PER_TERRITORY = frozenset(
    {UnitKind.PARTY_COMMITTEE, UnitKind.PEOPLES_COMMITTEE, UnitKind.FATHERLAND_FRONT}
)
# A unit's own fields that a body template or a seed file sets (also directives/seeding).
PROFILE_FIELDS = (
    "name",
    "short_name",
    "symbol_code",
    "kind",
    "system",
    "doc_style",
    "header_parent_line",
    "header_name",
    "place_name",
)
_FIELDS = ("key", *PROFILE_FIELDS)


@dataclass
class LevelCounts:
    bodies: int = 0
    created: int = 0
    adopted: int = 0
    updated: int = 0
    moved: int = 0


@dataclass
class BodiesReport:
    levels: dict[str, LevelCounts] = field(
        default_factory=lambda: {level: LevelCounts() for level in BodyLevel.values}
    )
    predecessors_added: int = 0

    @property
    def created(self) -> int:
        return sum(c.created for c in self.levels.values())

    @property
    def changed(self) -> int:
        counts = self.levels.values()
        return (
            sum(c.created + c.adopted + c.updated + c.moved for c in counts)
            + self.predecessors_added
        )


@dataclass(frozen=True)
class _Territory:
    pk: int
    scheme: str
    code: str
    kind: str
    parent_id: int | None
    path: str
    valid_from: date | None
    place: Place


_TERRITORY_VALUES = (
    "pk",
    "scheme",
    "code",
    "kind",
    "parent_id",
    "path",
    "valid_from",
    "name",
    "short_name",
    "division_type",
)


def _territories(rows: Iterable[dict[str, Any]]) -> dict[int, _Territory]:
    return {
        row["pk"]: _Territory(
            pk=row["pk"],
            scheme=row["scheme"],
            code=row["code"],
            kind=row["kind"],
            parent_id=row["parent_id"],
            path=row["path"],
            valid_from=row["valid_from"],
            place=Place(row["name"], row["short_name"], row["division_type"]),
        )
        for row in rows
    }


def _current_territories(province_codes: Collection[str] | None) -> dict[int, _Territory]:
    current = Unit.objects.filter(scheme=Scheme.CURRENT, is_active=True)
    provinces = current.filter(kind=UnitKind.PROVINCE)
    if province_codes is not None:
        provinces = provinces.filter(code__in=province_codes)
    rows = list(provinces.values(*_TERRITORY_VALUES))
    communes = current.filter(kind=UnitKind.COMMUNE, parent_id__in=[r["pk"] for r in rows])
    rows += communes.values(*_TERRITORY_VALUES)
    return _territories(rows)


def _ordered(templates: list[BodyTemplate]) -> list[BodyTemplate]:
    """Province templates first; within a level, a template after its parent."""
    by_pk = {t.pk: t for t in templates}

    def rank(template: BodyTemplate) -> tuple[int, int, int, str]:
        depth, seen, parent_id = 0, {template.pk}, template.parent_id
        while parent_id in by_pk and parent_id not in seen:
            parent = by_pk[parent_id]
            depth += parent.level == template.level
            seen.add(parent_id)
            parent_id = parent.parent_id
        level = 0 if template.level == BodyLevel.PROVINCE else 1
        return (level, depth, template.sort_order, template.key)

    return sorted(templates, key=rank)


class _Loader:
    """One run of the load; the maps let every step find a body without a query."""

    def __init__(self, territories: dict[int, _Territory], report: BodiesReport) -> None:
        self.territories = territories
        self.report = report
        self.territory_units = Unit.objects.in_bulk(list(territories))
        self.bodies: dict[tuple[int, int], Unit] = {}
        self.by_key: dict[str, Unit] = {}
        self.candidates: dict[tuple[int, str, str, str], list[Unit]] = defaultdict(list)
        self.to_place: list[Unit] = []
        self.to_update: list[Unit] = []
        self.changed_fields: set[str] = set()
        self.to_adopt: list[Unit] = []
        self.to_move: list[tuple[Unit, Unit]] = []

    def read(self) -> None:
        ids = list(self.territories)
        organisations = Unit.objects.filter(territory_id__in=ids).exclude(
            kind__in=UnitKind.territorial()
        )
        for unit in organisations.order_by("pk"):
            if unit.body_template_id is not None:
                self.bodies[(unit.body_template_id, unit.territory_id)] = unit  # type: ignore[index]
            elif unit.key and unit.key.startswith(KEY_PREFIX):
                self.by_key[unit.key] = unit
            elif unit.is_active:  # a dissolved unit is nobody's body today
                name = normalise(unit.name)
                self.candidates[(unit.territory_id, unit.kind, unit.system, name)].append(unit)  # type: ignore[index]

    def values(self, template: BodyTemplate, territory: _Territory) -> dict[str, Any]:
        province = self.territories.get(territory.parent_id or 0)
        filled = placeholders(territory.place, province.place if province else None)
        return {
            "key": f"{KEY_PREFIX}{template.key}:{territory.scheme}:{territory.code}",
            "name": render(template.name_pattern, filled),
            "short_name": render(template.short_name_pattern, filled),
            "symbol_code": template.symbol_code,
            "kind": template.kind,
            "system": template.system,
            "doc_style": template.doc_style,
            "header_parent_line": render(template.header_parent_line, filled),
            "header_name": render(template.header_name, filled),
            "place_name": render(template.place_name, filled),
        }

    def parent_for(self, template: BodyTemplate, territory: _Territory) -> Unit:
        parent = template.parent
        if parent is not None:
            on = territory.pk
            if parent.level != template.level and territory.parent_id is not None:
                on = territory.parent_id  # a commune body under its province's body
            body = self.bodies.get((parent.pk, on))
            if body is not None:
                return body
        return self.territory_units[territory.pk]

    def adopt(self, template: BodyTemplate, territory: _Territory, name: str) -> Unit | None:
        key = (territory.pk, template.kind, template.system, normalise(name))
        found = self.candidates.get(key)
        if not found:
            return None
        unit = found.pop(0)
        unit.body_template = template
        self.to_adopt.append(unit)
        return unit

    def refresh(self, unit: Unit, values: dict[str, Any], parent: Unit) -> LevelCounts:
        """Bring a body this load created to its template; adopted units keep their own."""
        counts = LevelCounts()
        if not (unit.key or "").startswith(KEY_PREFIX):
            return counts
        changed = {name for name, value in values.items() if getattr(unit, name) != value}
        if changed:
            for name in changed:
                setattr(unit, name, values[name])
            self.changed_fields |= changed
            self.to_update.append(unit)
            counts.updated = 1
        if unit.parent_id != parent.pk:
            self.to_move.append((unit, parent))
            counts.moved = 1
        return counts

    def load_template(self, template: BodyTemplate) -> None:
        counts = self.report.levels[template.level]
        created: list[Unit] = []
        level_kind = _LEVEL_KIND[BodyLevel(template.level)]
        for territory in self.territories.values():
            if territory.kind != level_kind:
                continue
            values = self.values(template, territory)
            parent = self.parent_for(template, territory)
            unit = self.bodies.get((template.pk, territory.pk)) or self.by_key.get(values["key"])
            if unit is not None:
                if unit.body_template_id != template.pk:
                    unit.body_template = template
                    self.to_adopt.append(unit)
                changes = self.refresh(unit, values, parent)
                counts.updated += changes.updated
                counts.moved += changes.moved
            else:
                unit = self.adopt(template, territory, values["name"])
                if unit is not None:
                    counts.adopted += 1
                else:
                    unit = Unit(
                        **values,
                        parent=parent,
                        territory_id=territory.pk,
                        body_template=template,
                        valid_from=territory.valid_from,
                    )
                    created.append(unit)
            self.bodies[(template.pk, territory.pk)] = unit
            counts.bodies += 1
        Unit.objects.bulk_create(created, batch_size=1000)
        for unit in created:
            assert unit.parent is not None
            unit.path = child_path(unit.parent.path, unit.pk)
            unit.depth = depth_of(unit.path)
        self.to_place += created
        counts.created += len(created)

    def write(self) -> None:
        _write_paths(self.to_place)
        changed = [name for name in _FIELDS if name in self.changed_fields]
        if changed:  # only the columns some body's template changed
            Unit.objects.bulk_update(self.to_update, changed, batch_size=1000)
        Unit.objects.bulk_update(self.to_adopt, ["body_template"], batch_size=1000)
        for unit, parent in self.to_move:
            parent.refresh_from_db(fields=["path"])
            unit_move(unit=unit, new_parent=parent)


def _write_paths(units: list[Unit]) -> None:
    """Store the paths computed in memory: one prepared UPDATE run for every row (a
    bulk_update's CASE over thousands of ids costs seconds here)."""
    if not units:
        return
    quote = connection.ops.quote_name
    table, path, depth, pk = map(quote, (Unit._meta.db_table, "path", "depth", "id"))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {path} = %s, {depth} = %s WHERE {pk} = %s",
            [(u.path, u.depth, u.pk) for u in units],
        )


def _predecessor_territories(territory_ids: Collection[int]) -> dict[int, list[int]]:
    """Current territory id -> the ids of the territories it was made from."""
    through = Unit.successors.through
    links = through.objects.filter(
        to_unit__scheme=Scheme.CURRENT,
        to_unit__kind__in=UnitKind.territorial(),
        from_unit__kind__in=UnitKind.territorial(),
    ).values_list("to_unit_id", "from_unit_id")
    result: dict[int, list[int]] = defaultdict(list)
    for current, earlier in links:
        if current in territory_ids:
            result[current].append(earlier)
    return result


def _name_patterns(template: BodyTemplate) -> list[str]:
    lines = [line.strip() for line in template.predecessor_patterns.splitlines()]
    return [template.name_pattern, *(line for line in lines if line)]


def _link_predecessors(
    bodies: dict[tuple[int, int], Unit], templates: dict[int, BodyTemplate]
) -> int:
    """Name each body the successor of its kind's bodies on its predecessor territories."""
    earlier = _predecessor_territories({territory for _template, territory in bodies})
    earlier_ids = {pk for pks in earlier.values() for pk in pks}
    organisations: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    rows = (
        Unit.objects.filter(territory__scheme=Scheme.LEGACY, territory_id__in=earlier_ids)
        .exclude(kind__in=UnitKind.territorial())
        .values_list("pk", "territory_id", "kind", "name")
    )
    for pk, territory_id, kind, name in rows:
        organisations[territory_id].append((pk, kind, normalise(name)))
    if not organisations:
        return 0
    places = _territories(Unit.objects.filter(pk__in=organisations).values(*_TERRITORY_VALUES))
    unique_kinds = {
        (t.level, t.kind)
        for t in templates.values()
        if t.kind in _ONE_PER_TERRITORY
        and sum(o.level == t.level and o.kind == t.kind for o in templates.values()) == 1
    }
    wanted: set[tuple[int, int]] = set()
    for (template_id, territory_id), body in bodies.items():
        template = templates.get(template_id)
        if template is None:
            continue
        any_name = (template.level, template.kind) in unique_kinds
        for place_id in earlier.get(territory_id, []):
            names = {
                normalise(render(pattern, placeholders(places[place_id].place)))
                for pattern in _name_patterns(template)
                if place_id in places
            }
            wanted.update(
                (pk, body.pk)
                for pk, kind, name in organisations.get(place_id, [])
                if kind == template.kind and (any_name or name in names)
            )
    through = Unit.successors.through
    have = set(
        through.objects.filter(from_unit_id__in={s for s, _t in wanted}).values_list(
            "from_unit_id", "to_unit_id"
        )
    )
    new = [through(from_unit_id=s, to_unit_id=t) for s, t in sorted(wanted - have)]
    through.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def bodies_load(*, province_codes: Collection[str] | None = None) -> BodiesReport:
    """Create or refresh the bodies of every current territory (or of some provinces)."""
    report = BodiesReport()
    loader = _Loader(_current_territories(province_codes), report)
    loader.read()
    templates = list(BodyTemplate.objects.filter(is_active=True).select_related("parent"))
    for template in _ordered(templates):
        loader.load_template(template)
    loader.write()
    report.predecessors_added = _link_predecessors(
        loader.bodies, {t.pk: t for t in BodyTemplate.objects.all()}
    )
    return report

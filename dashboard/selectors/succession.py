"""Who stands for a unit in a period: itself while it exists, its successors once it is gone.

Since 1 July 2025 districts are abolished and communes merged; the dissolved units stay on
record (their plans, activities and reports too) with `valid_to` and `successors`. For a
period that runs past a unit's end, the dashboard and the status API show the unit through
its successor(s): it is no row of its own, and what it did counts for them. A dissolved unit
with no successor in view is represented by the current unit of the same name if there is
one, else by no one: it drops out of the figures for that period (an abolished district is
not "not issued"). A dissolved unit and its current namesake ("Ủy ban nhân dân tỉnh Hưng
Yên" before and after the merger) are one row in any period.

A fixed number of queries: one for the units, then per round of successors (at most
MAX_ROUNDS, for chains of mergers) one, and two for namesakes; none of these when no unit
named is a dissolved one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from units.models import Unit

MAX_ROUNDS = 3

INFO_FIELDS = (
    "pk",
    "name",
    "kind",
    "territory__kind",
    "path",
    "valid_to",
    "is_active",
    "parent_id",
)


@dataclass(frozen=True)
class UnitInfo:
    """What the panels need of a unit (plain data: hundreds of rows per page)."""

    pk: int
    name: str
    kind: str
    territory_kind: str | None
    path: str
    valid_to: date | None
    is_active: bool
    parent_id: int | None

    @property
    def dissolved(self) -> bool:
        """Dissolved, now or on a known later day."""
        return self.valid_to is not None or not self.is_active

    def ended_by(self, day: date) -> bool:
        return ended_by(self.valid_to, self.is_active, day)


def ended_by(valid_to: date | None, is_active: bool, day: date) -> bool:
    """Gone before `day`: dissolved on an earlier date, or inactive with no date known."""
    if valid_to is not None:
        return valid_to < day
    return not is_active


@dataclass
class Folding:
    """`stand_for[unit]`: the units that represent it (itself if it still exists; empty if
    no one does); `units`: what is known of every unit named here."""

    stand_for: dict[int, tuple[int, ...]] = field(default_factory=dict)
    units: dict[int, UnitInfo] = field(default_factory=dict)

    def members(self) -> dict[int, set[int]]:
        """The other way round: each representative and the units it stands for."""
        result: dict[int, set[int]] = {}
        for pk, reps in self.stand_for.items():
            for rep in reps:
                result.setdefault(rep, set()).add(pk)
        return result


def unit_infos(queryset: Q | None = None, **lookups: object) -> dict[int, UnitInfo]:
    rows = Unit.objects.filter(queryset or Q(), **lookups).values_list(*INFO_FIELDS)
    return {row[0]: UnitInfo(*row) for row in rows}


def fold(unit_ids: Collection[int], *, as_of: date, within: Q) -> Folding:
    """Who stands for each of `unit_ids` in a period ending `as_of`; representatives are
    taken among the units `within` matches (the dashboard's root, the user's view).

    - a unit that still exists stands for itself, unless it is a dissolved one with a
      current namesake (same name, same or succeeding parent): one row, the current unit's;
    - a unit gone before `as_of` is represented by its successors, else by its namesake,
      else by no one."""
    folding = Folding(units=unit_infos(pk__in=list(unit_ids)))
    dissolved = {pk for pk, info in folding.units.items() if info.dissolved}
    ended = {pk for pk in dissolved if folding.units[pk].ended_by(as_of)}
    successors = _successors(ended, as_of=as_of, within=within, folding=folding)
    looked_up = [pk for pk in dissolved if not successors.get(pk)]
    namesakes = _namesakes(looked_up, within=within, folding=folding)
    for pk in folding.units:
        if pk in ended:
            reps = successors.get(pk) or namesakes.get(pk, set())
        else:
            reps = namesakes.get(pk) or {pk}
        folding.stand_for[pk] = tuple(sorted(reps))
    return folding


def _successors(
    ended: set[int], *, as_of: date, within: Q, folding: Folding
) -> dict[int, set[int]]:
    """The successors in view that exist at `as_of`, following chains of mergers."""
    result: dict[int, set[int]] = {}
    frontier = {pk: {pk} for pk in ended}  # a gone unit -> the original ones it stands in for
    for _round in range(MAX_ROUNDS):
        if not frontier:
            break
        rows = (
            Unit.objects.filter(within, predecessors__in=list(frontier))
            .values_list(*INFO_FIELDS, "predecessors")
            .distinct()
        )
        following: dict[int, set[int]] = {}
        for *info, predecessor in rows:
            unit = UnitInfo(*info)
            folding.units.setdefault(unit.pk, unit)
            for original in frontier[predecessor]:
                if unit.ended_by(as_of):
                    following.setdefault(unit.pk, set()).add(original)
                else:
                    result.setdefault(original, set()).add(unit.pk)
        frontier = following
    return result


def _namesakes(dissolved: list[int], *, within: Q, folding: Folding) -> dict[int, set[int]]:
    """Current units in view bearing the name of a dissolved unit, under the same parent or
    under a successor of its parent (the province's committee after the provinces merged):
    two queries, none when there is nothing to look up."""
    if not dissolved:
        return {}
    gone = [folding.units[pk] for pk in dissolved]
    parents = {info.parent_id for info in gone if info.parent_id is not None}
    heirs: dict[int | None, set[int | None]] = {p: {p} for p in parents}
    heirs[None] = {None}
    for parent, successor in Unit.successors.through.objects.filter(
        from_unit_id__in=sorted(parents)
    ).values_list("from_unit_id", "to_unit_id"):
        heirs[parent].add(successor)
    found: dict[str, list[UnitInfo]] = {}
    names = sorted({info.name for info in gone})
    for info in unit_infos(within, name__in=names, is_active=True, valid_to=None).values():
        found.setdefault(info.name, []).append(info)
    result: dict[int, set[int]] = {}
    for info in gone:
        for namesake in found.get(info.name, ()):
            if namesake.pk != info.pk and namesake.parent_id in heirs[info.parent_id]:
                folding.units.setdefault(namesake.pk, namesake)
                result.setdefault(info.pk, set()).add(namesake.pk)
    return result

"""Panel 1, cascade coverage: which assigned units issued their own plan, and how late."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import FilteredRelation, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directives.models.documents import document_reference
from units.choices import UnitKind
from units.models import Unit

from .scope import ISSUED, PLAN_ROLES, Scope


@dataclass(frozen=True)
class UnitRef:
    """What the coverage panel needs of a unit (plain data: hundreds of rows per page)."""

    pk: int
    name: str
    kind: str
    level: str

    def get_kind_display(self) -> str:
        return str(UnitKind(self.kind).label) if self.kind in UnitKind.values else self.kind


@dataclass(frozen=True)
class DocumentRef:
    pk: int
    reference: str
    issued_on: date | None


@dataclass
class CoverageRow:
    unit: UnitRef
    assigned_by: DocumentRef | None
    plan: DocumentRef | None = None

    @property
    def lag(self) -> int | None:
        if self.plan is None or self.plan.issued_on is None or self.assigned_by is None:
            return None
        if self.assigned_by.issued_on is None:
            return None
        return (self.plan.issued_on - self.assigned_by.issued_on).days


@dataclass
class Coverage:
    rows: list[CoverageRow] = field(default_factory=list)
    levels: list[dict[str, Any]] = field(default_factory=list)

    @property
    def issued(self) -> int:
        return sum(1 for r in self.rows if r.plan is not None)

    @property
    def percent(self) -> int:
        return round(100 * self.issued / len(self.rows)) if self.rows else 0


LEVELS: dict[str, Promise] = {
    UnitKind.PROVINCE: _("Cấp tỉnh"),
    UnitKind.DISTRICT: _("Cấp huyện"),
    UnitKind.COMMUNE: _("Cấp xã"),
}


def level_of(kind: str, territory_kind: str | None) -> str:
    """The tier of a unit (a key of LEVELS, or "" for other bodies): its own kind if it is a
    territory, else its territory's."""
    tier = kind if kind in LEVELS else (territory_kind or "")
    return tier if tier in LEVELS else ""


def level_label(tier: str) -> str:
    return str(LEVELS.get(tier, _("Cơ quan, tổ chức khác")))


def coverage(scope: Scope) -> Coverage:
    """Every unit under the root that a plan of the cascade assigned to lead or implement,
    and the plan it issued in the cascade, if any (one query of plain rows).

    Both kinds of document are issued ones of the cascade cut to the root's provinces, which
    the root's viewer may see: no second visibility filter."""
    rows = (
        Unit.objects.filter(scope.under("path"))
        .filter(
            assignments__plan__document_id__any_of=scope.documents,
            assignments__role__in=PLAN_ROLES,
            assignments__plan__document__status__in=ISSUED,
        )
        .alias(
            issued=FilteredRelation(
                "issued_documents",
                condition=Q(
                    issued_documents__pk__any_of=scope.documents,
                    issued_documents__status__in=ISSUED,
                ),
            )
        )
        .order_by("pk", "assignments__plan__document__issued_on", "issued__issued_on")
        .values_list(
            "pk",
            "name",
            "kind",
            "territory__kind",
            "assignments__plan__document_id",
            "assignments__plan__document__number",
            "assignments__plan__document__symbol",
            "assignments__plan__document__style",
            "assignments__plan__document__issued_on",
            "issued__pk",
            "issued__number",
            "issued__symbol",
            "issued__style",
            "issued__issued_on",
        )
    )
    units: dict[int, UnitRef] = {}
    assigners: dict[int, DocumentRef] = {}
    plans: dict[int, DocumentRef] = {}
    for (
        pk,
        name,
        kind,
        territory_kind,
        a_id,
        a_number,
        a_symbol,
        a_style,
        a_day,
        plan_id,
        number,
        symbol,
        style,
        day,
    ) in rows:
        if pk in units:
            continue  # the earliest assigning plan and the earliest issued plan come first
        units[pk] = UnitRef(pk, name, kind, level_of(kind, territory_kind))
        assigners[pk] = DocumentRef(a_id, document_reference(a_number, a_symbol, a_style), a_day)
        if plan_id is not None:
            plans[pk] = DocumentRef(plan_id, document_reference(number, symbol, style), day)
    result = Coverage(
        rows=[CoverageRow(unit, assigners[pk], plans.get(pk)) for pk, unit in units.items()]
    )
    result.rows.sort(key=lambda r: (r.plan is not None, r.unit.kind, r.unit.name))
    levels: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in result.rows:
        levels[row.unit.level][1] += 1
        levels[row.unit.level][0] += row.plan is not None
    result.levels = sorted(
        (
            {
                "level": level_label(tier),
                "issued": done,
                "expected": total,
                "percent": round(100 * done / total),
            }
            for tier, (done, total) in levels.items()
        ),
        key=lambda level: level["level"],
    )
    return result

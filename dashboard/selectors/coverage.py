"""Panel 1, cascade coverage: which assigned units issued their own plan, and how late."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from units.choices import UnitKind
from units.models import Unit

from .scope import ISSUED, PLAN_ROLES, Scope
from .standing import DocumentRef, document_refs, implemented, standings
from .succession import fold


@dataclass(frozen=True)
class UnitRef:
    """What the coverage panel needs of a unit (plain data: hundreds of rows per page)."""

    pk: int
    name: str
    kind: str
    level: str

    def get_kind_display(self) -> str:
        return str(UnitKind(self.kind).label) if self.kind in UnitKind.values else self.kind


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
    """Every unit under the root that an issued plan of the cascade assigned to lead or
    implement, as the period's end sees it (a unit dissolved before then is represented by
    its successors, see succession.py), and its own plan in answer, if any (standing.py).

    A fixed number of queries: the assignments, the issued documents, their "implements"
    edges, and the folding of their units. The documents are those of the cascade cut to the
    root's provinces, which the root's viewer may see: no second visibility filter."""
    assignments = list(
        Unit.objects.filter(scope.under("path"))
        .filter(
            assignments__plan__document_id__any_of=scope.documents,
            assignments__role__in=PLAN_ROLES,
        )
        .values_list("pk", "assignments__plan__document_id")
        .distinct()
    )
    documents = document_refs(scope.documents, ISSUED)
    issuers = {d.issuer_id for d in documents.values() if d.issuer_id is not None}
    folding = fold(
        {pk for pk, _document in assignments} | issuers,
        as_of=scope.date_to,
        within=scope.under("path"),
    )
    found = standings(
        assignments,
        documents=documents,
        implements=implemented(documents),
        folding=folding,
    )
    result = Coverage()
    for rep, standing in found.items():
        info = folding.units[rep]
        unit = UnitRef(rep, info.name, info.kind, level_of(info.kind, info.territory_kind))
        result.rows.append(CoverageRow(unit, standing.assigned_by, standing.plan))
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

"""The leader's dashboard: each panel is a fixed number of aggregate queries, whatever the
number of units below the chosen one (grouping is done by the database on path prefixes).

Rows are the direct children of the chosen unit (the drill-down level); a row adds up its
whole subtree. Everything is limited to what the user may see: the root is one of the user's
visible units (the form only offers those) and every panel filters on the root's subtree and
its predecessors', which the visibility rules grant too, so the panels need no second
visibility filter (a superuser, who sees everything, may have no root).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, Substr, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity
from campaigns.selectors import totals_by_channel
from directives.choices import AssignmentRole, DocumentStatus
from directives.models import Document
from directives.models.documents import document_reference
from directives.selectors import cascade_ids, cascade_ids_near
from reporting.models import Deadline
from units.choices import UnitKind
from units.models import Unit
from units.scope import collapse, scope_for
from units.tree import SEGMENT

PLAN_ROLES = (AssignmentRole.LEAD, AssignmentRole.IMPLEMENT)
ISSUED = (DocumentStatus.ISSUED, DocumentStatus.SUPERSEDED)
OVERDUE_LIMIT = 200


@dataclass(frozen=True)
class Scope:
    """What the dashboard shows: under `root` (None: every unit the user sees), for the
    cascade of `directive` (`documents`: it and every plan implementing it), activities and
    deadlines between the two dates."""

    user: Any
    root: Unit | None
    directive: Document
    date_from: date
    date_to: date
    documents: frozenset[int]
    paths: tuple[str, ...] = ()  # the root's and its predecessors' (before the 2025 reform)

    @property
    def prefix(self) -> int:
        """Length of a row's path: one segment below the root."""
        return (len(self.root.path) if self.root else 0) + SEGMENT

    def under(self, field: str) -> Q:
        if self.root is None:
            return Q()
        return reduce(or_, (Q(**{f"{field}__descendant_of": p}) for p in self.paths))


def make_scope(
    *, user: Any, root: Unit | None, directive: Document, date_from: date, date_to: date
) -> Scope:
    """The dashboard's scope; a unit stands for its predecessors too (Hưng Yên since 2025
    shows what the former Hưng Yên and Thái Bình did), as the visibility rules do."""
    if root is None and not scope_for(user).everything:
        raise PermissionDenied  # only who sees everything may look at no unit in particular
    paths: tuple[str, ...] = ()
    if root is None:
        documents = frozenset({directive.pk, *cascade_ids(directive.pk)})
    else:
        predecessors = Unit.objects.filter(successors__path__descendant_of=root.path)
        paths = collapse({root.path, *predecessors.values_list("path", flat=True)})
        tops = sorted({p[:SEGMENT] for p in paths})
        documents = frozenset(cascade_ids_near(directive.pk, tops))
    return Scope(user, root, directive, date_from, date_to, documents, paths)


def rows_of(scope: Scope) -> list[Unit]:
    """The drill-down rows: the root's direct children the user sees (one query)."""
    units = Unit.objects.visible_to(scope.user)
    if scope.root is None:
        units = units.filter(depth=0)
    else:
        level = [p for p in scope.paths if len(p) == len(scope.root.path)]
        units = units.filter(parent__path__in=level)
    return list(units.order_by("kind", "name"))


# --- 1. cascade coverage --------------------------------------------------------------


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


LEVELS = {
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
    for pk, name, kind, territory_kind, *assigner, plan_id, number, symbol, style, day in rows:
        if pk in units:
            continue  # the earliest assigning plan and the earliest issued plan come first
        units[pk] = UnitRef(pk, name, kind, level_of(kind, territory_kind))
        a_id, a_number, a_symbol, a_style, a_day = assigner
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


# --- 2. activities ---------------------------------------------------------------------


def activities(scope: Scope) -> QuerySet[Activity]:
    return Activity.objects.filter(
        scope.under("unit_path"),
        plan__document_id__any_of=scope.documents,
        started_on__gte=scope.date_from,
        started_on__lte=scope.date_to,
    )


SUMS = {
    "count": Count("id"),
    "quantity": Sum("quantity"),
    "participants": Sum("participants"),
    "reach": Sum("reach"),
}


def _branch_rows(
    scope: Scope, grouped: list[dict[str, Any]], rows: list[Unit], keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Attach per-branch sums to the row units (a root's own figures form their own row)."""
    by_path = {u.path: u for u in rows}
    result: dict[str, dict[str, Any]] = {}
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        name = unit.name if unit is not None else "—"
        target = result.setdefault(
            item["branch"],
            {"unit": unit, "name": name, **{k: 0 for k in keys}},
        )
        for key in keys:
            target[key] += item.get(key) or 0
    return sorted(result.values(), key=lambda r: r["name"])


def activities_by_channel(scope: Scope) -> list[dict[str, Any]]:
    return totals_by_channel(activities(scope))


def activities_by_unit(scope: Scope, rows: list[Unit]) -> list[dict[str, Any]]:
    grouped = list(
        activities(scope)
        .order_by()
        .annotate(branch=Substr("unit_path", 1, scope.prefix))
        .values("branch")
        .annotate(**SUMS)
    )
    return _branch_rows(scope, grouped, rows, tuple(SUMS))


def activities_by_month(scope: Scope) -> list[dict[str, Any]]:
    grouped = (
        activities(scope)
        .order_by()
        .annotate(month=TruncMonth("started_on"))
        .values("month")
        .annotate(**SUMS)
        .order_by("month")
    )
    return [
        {
            "month": row["month"].strftime("%m/%Y") if row["month"] else "",
            **{k: row[k] or 0 for k in SUMS},
        }
        for row in grouped
    ]


# --- 3. reporting timeliness -----------------------------------------------------------

STATES = ("on_time", "late", "not_due", "overdue")


def _timeliness_counts() -> dict[str, Any]:
    """The four counts of the timeliness states, side by side (one pass of the rows)."""
    today = timezone.localdate()
    submitted = Q(submitted_day__isnull=False)
    in_time = Q(submitted_day__lte=F("effective"))
    return {
        "on_time": Count("id", filter=submitted & in_time),
        "late": Count("id", filter=submitted & ~in_time),
        "not_due": Count("id", filter=~submitted & Q(effective__gte=today)),
        "overdue": Count("id", filter=~submitted & Q(effective__lt=today)),
    }


def timeliness_by_unit(scope: Scope, rows: list[Unit]) -> list[dict[str, Any]]:
    """Per row unit, over the chosen dates: deadlines on time, late, not yet due, overdue."""
    grouped = (
        _deadlines(scope)
        .order_by()
        .annotate(branch=Substr("unit__path", 1, scope.prefix))
        .values("branch")
        .annotate(**_timeliness_counts())
    )
    by_path = {u.path: u for u in rows}
    result = []
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        result.append({"unit": unit, "name": unit.name if unit is not None else "—", **item})
    return sorted(result, key=lambda r: r["name"])


def timeliness_by_period(scope: Scope) -> list[dict[str, Any]]:
    """Per reporting period, for the whole of the root: the same four counts."""
    grouped = (
        _deadlines(scope)
        .order_by()
        .values("period_start", "period_label")
        .annotate(**_timeliness_counts())
        .order_by("period_start", "period_label")
    )
    return [{"period": item["period_label"], **item} for item in grouped]


def timeliness_detail(scope: Scope, rows: list[Unit]) -> list[dict[str, Any]]:
    """Per row unit and period (for the export: the page shows the two summaries)."""
    grouped = (
        _deadlines(scope)
        .order_by()
        .annotate(branch=Substr("unit__path", 1, scope.prefix))
        .values("branch", "period_start", "period_label")
        .annotate(**_timeliness_counts())
    )
    by_path = {u.path: u for u in rows}
    result = []
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        name = unit.name if unit is not None else "—"
        result.append({"name": name, "period": item["period_label"], **item})
    return sorted(result, key=lambda r: (r["name"], r["period_start"]))


def overdue(scope: Scope) -> tuple[list[Deadline], int]:
    """The overdue deadlines, the oldest first (at most OVERDUE_LIMIT), and how many.

    Plain conditions on the indexed columns, and the total from a window count in the same
    query."""
    today = timezone.localdate()
    queryset = (
        Deadline.objects.filter(
            scope.under("unit__path"),
            duty__plan__document_id__any_of=scope.documents,
            due_on__gte=scope.date_from,
            due_on__lte=scope.date_to,
            submitted_at__isnull=True,
        )
        .filter(Q(extended_to__isnull=True, due_on__lt=today) | Q(extended_to__lt=today))
        .annotate(effective=Coalesce("extended_to", "due_on"))
    )
    first = list(
        queryset.select_related("unit", "duty__plan__document")
        .annotate(total=Window(Count("id")))
        .order_by("effective", "pk")[:OVERDUE_LIMIT]
    )
    total = first[0].total if first else 0  # type: ignore[attr-defined]
    return first, total


def _deadlines(scope: Scope) -> QuerySet[Deadline]:
    """Deadlines of the scope with `effective` (the extended or original date) and
    `submitted_day` (the local day of submission, as timeliness counts it)."""
    return Deadline.objects.filter(
        scope.under("unit__path"),
        duty__plan__document_id__any_of=scope.documents,
        due_on__gte=scope.date_from,
        due_on__lte=scope.date_to,
    ).annotate(
        effective=Coalesce("extended_to", "due_on"),
        submitted_day=TruncDate("submitted_at"),
    )

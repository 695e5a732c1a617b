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
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Substr, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity
from campaigns.selectors import totals_by_channel
from directives.choices import AssignmentRole, DocumentStatus
from directives.models import Document
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


@dataclass
class CoverageRow:
    unit: Unit
    assigned_by: Document | None
    plan: Document | None = None

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


def level_of(unit: Unit) -> str:
    """The tier of a unit: its own if it is a territory, else its territory's."""
    kind = unit.kind if unit.kind in LEVELS else (unit.territory.kind if unit.territory else "")
    return str(LEVELS.get(kind, _("Cơ quan, tổ chức khác")))


def coverage(scope: Scope) -> Coverage:
    """Every unit under the root that a plan of the cascade assigned to lead or implement,
    and the plan it issued in the cascade, if any (two queries)."""
    assigned = Unit.objects.filter(scope.under("path")).filter(
        assignments__plan__document_id__in=scope.documents,
        assignments__role__in=PLAN_ROLES,
        assignments__plan__document__status__in=ISSUED,
    )
    units: dict[int, Unit] = {}
    assigner: dict[int, int] = {}
    for unit in (
        assigned.select_related("territory")
        .annotate(assigner=F("assignments__plan__document_id"))
        .order_by("pk", "assigner")
    ):
        units.setdefault(unit.pk, unit)
        assigner.setdefault(unit.pk, unit.assigner)  # type: ignore[attr-defined]
    documents = Document.objects.visible_to(scope.user).filter(
        Q(pk__in=set(assigner.values()))
        | Q(pk__in=scope.documents, issuer_id__in=list(units), status__in=ISSUED)
    )
    by_id = {d.pk: d for d in documents}
    plans: dict[int, Document] = {}
    for document in sorted(by_id.values(), key=lambda d: (d.issued_on or date.max, d.pk)):
        if document.pk in scope.documents and document.status in ISSUED:
            plans.setdefault(document.issuer_id, document)
    result = Coverage()
    for unit_id, document_id in assigner.items():
        unit = units[unit_id]
        result.rows.append(CoverageRow(unit, by_id.get(document_id), plans.get(unit_id)))
    result.rows.sort(key=lambda r: (r.plan is not None, r.unit.kind, r.unit.name))
    levels: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in result.rows:
        level = level_of(row.unit)
        levels[level][1] += 1
        levels[level][0] += row.plan is not None
    result.levels = [
        {"level": name, "issued": done, "expected": total, "percent": round(100 * done / total)}
        for name, (done, total) in sorted(levels.items())
    ]
    return result


# --- 2. activities ---------------------------------------------------------------------


def activities(scope: Scope) -> QuerySet[Activity]:
    return Activity.objects.filter(
        scope.under("unit_path"),
        plan__document_id__in=scope.documents,
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


def timeliness_by_unit(scope: Scope, rows: list[Unit]) -> list[dict[str, Any]]:
    """Per row unit and period: how many deadlines are on time, late, not due, overdue."""
    grouped = (
        _deadlines(scope)
        .order_by()
        .annotate(branch=Substr("unit__path", 1, scope.prefix))
        .values("branch", "period_label", "state")
        .annotate(n=Count("id"))
    )
    by_path = {u.path: u for u in rows}
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        row = table.setdefault(
            (item["branch"], item["period_label"]),
            {
                "unit": unit,
                "name": unit.name if unit is not None else "—",
                "period": item["period_label"],
                **{s: 0 for s in STATES},
            },
        )
        row[item["state"]] += item["n"]
    return sorted(table.values(), key=lambda r: (r["name"], r["period"]))


def overdue(scope: Scope) -> tuple[list[Deadline], int]:
    """The overdue deadlines, the oldest first (at most OVERDUE_LIMIT), and how many.

    Written as plain conditions on the indexed columns rather than through `state`, whose
    CASE the database would evaluate for every row of the period."""
    today = timezone.localdate()
    queryset = (
        Deadline.objects.filter(
            scope.under("unit__path"),
            duty__plan__document_id__in=scope.documents,
            due_on__gte=scope.date_from,
            due_on__lte=scope.date_to,
            submitted_at__isnull=True,
        )
        .filter(Q(extended_to__isnull=True, due_on__lt=today) | Q(extended_to__lt=today))
        .annotate(effective=Coalesce("extended_to", "due_on"))
    )
    total = queryset.count()
    first = list(
        queryset.select_related("unit", "duty__plan__document").order_by("effective", "pk")[
            :OVERDUE_LIMIT
        ]
    )
    return first, total


def _deadlines(scope: Scope) -> QuerySet[Deadline]:
    """Deadlines with `state`, computed by the database from the local submission day."""
    today = timezone.localdate()
    return (
        Deadline.objects.filter(
            scope.under("unit__path"),
            duty__plan__document_id__in=scope.documents,
            due_on__gte=scope.date_from,
            due_on__lte=scope.date_to,
        )
        .annotate(
            effective=Coalesce("extended_to", "due_on"),
            submitted_day=TruncDate("submitted_at"),
        )
        .annotate(
            state=Case(
                When(
                    submitted_day__isnull=False,
                    submitted_day__lte=F("effective"),
                    then=Value("on_time"),
                ),
                When(submitted_day__isnull=False, then=Value("late")),
                When(effective__gte=today, then=Value("not_due")),
                default=Value("overdue"),
                output_field=CharField(),
            )
        )
    )

"""Panel 2, activities: by channel, by row unit and by month."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth

from campaigns.models import Activity
from campaigns.selectors import totals_by_channel
from units.models import Unit

from .scope import Scope, owners


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
    by_path = owners(rows)
    result: dict[int | None, dict[str, Any]] = {}
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        name = unit.name if unit is not None else "—"
        target = result.setdefault(
            unit.pk if unit is not None else None,
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

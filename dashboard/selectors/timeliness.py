"""Panel 3, reporting timeliness: deadlines on time, late, not yet due and overdue."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, Substr, TruncDate
from django.utils import timezone

from reporting.models import Deadline
from units.models import Unit

from .scope import Scope, owners

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

OVERDUE_LIMIT = 200

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
    by_path = owners(rows)
    result: dict[int | None, dict[str, Any]] = {}
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        _add(result, unit.pk if unit is not None else None, unit, item)
    return sorted(result.values(), key=lambda r: r["name"])


def _add(result: dict[Any, dict[str, Any]], key: Any, unit: Unit | None, item: Any) -> None:
    """Add a branch's counts to its row's (dissolved branches count for their successors)."""
    row = result.get(key)
    if row is None:
        result[key] = {"unit": unit, "name": unit.name if unit is not None else "—", **item}
        return
    for state in STATES:
        row[state] += item[state]


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
    by_path = owners(rows)
    result: dict[Any, dict[str, Any]] = {}
    for item in grouped:
        unit = by_path.get(item["branch"]) or scope.root
        key = (unit.pk if unit is not None else None, item["period_start"], item["period_label"])
        _add(result, key, unit, {"period": item["period_label"], **item})
    return sorted(result.values(), key=lambda r: (r["name"], r["period_start"]))


class OverdueFields(TypedDict):
    effective: date  # the extended or original due date
    total: int  # how many overdue deadlines in all (a window count)


def overdue(scope: Scope) -> tuple[list[WithAnnotations[Deadline, OverdueFields]], int]:
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
    # The plugin drops the annotations on the way (Coalesce, Window): name them.
    first = cast(
        "list[WithAnnotations[Deadline, OverdueFields]]",
        list(
            queryset.select_related("unit", "duty__plan__document")
            .annotate(total=Window(Count("id")))
            .order_by("effective", "pk")[:OVERDUE_LIMIT]
        ),
    )
    total = first[0].total if first else 0
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

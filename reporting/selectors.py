"""Reads for reporting: timeliness, figures from activities, upward synthesis."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from campaigns.models import Activity
from campaigns.selectors import totals_by_channel
from directives.selectors import cascade_ids

from .choices import ReportStatus, Timeliness
from .models import Deadline, Report


@dataclass(frozen=True)
class DeadlineState:
    timeliness: str
    days: int  # lateness (late, overdue) or days left (not due)


def timeliness(deadline: Deadline, today: date | None = None) -> DeadlineState:
    """On time when submitted on or before the (extended) date; late or overdue otherwise."""
    return timeliness_of(deadline.effective_due_on, deadline.submitted_at, today)


def timeliness_of(
    due: date, submitted_at: datetime | None, today: date | None = None
) -> DeadlineState:
    """The same from plain values (lists built from rows rather than model instances)."""
    today = today or timezone.localdate()
    if submitted_at is not None:
        submitted = timezone.localtime(submitted_at).date()
        if submitted <= due:
            return DeadlineState(Timeliness.ON_TIME, 0)
        return DeadlineState(Timeliness.LATE, (submitted - due).days)
    if today <= due:
        return DeadlineState(Timeliness.NOT_DUE, (due - today).days)
    return DeadlineState(Timeliness.OVERDUE, (today - due).days)


def activities_for(deadline: Deadline, exclude_paths: tuple[str, ...] = ()) -> QuerySet[Activity]:
    """Activities a report counts: the unit's subtree, in the period (or its Decree 09 data
    window), under the duty's plan or any plan that implements it."""
    document = deadline.duty.plan.document
    documents = {document.pk, *cascade_ids(document.pk)}
    activities = Activity.objects.filter(
        unit_path__descendant_of=deadline.unit.path,
        plan__document_id__in=documents,
        started_on__gte=deadline.data_from,
        started_on__lte=deadline.data_until,
    )
    for path in exclude_paths:
        activities = activities.exclude(unit_path__descendant_of=path)
    return activities


def reporting_paths(deadline: Deadline) -> tuple[str, ...]:
    """Paths of the units that report to this deadline's unit for an overlapping period."""
    return tuple(
        sorted(
            set(
                Deadline.objects.filter(
                    duty__receiver_id=deadline.unit_id,
                    period_start__lte=deadline.period_end,
                    period_end__gte=deadline.period_start,
                ).values_list("unit__path", flat=True)
            )
        )
    )


def figures_for(deadline: Deadline, exclude_paths: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Per-channel totals of the activities a report counts, leaving out the subtrees of
    units that report separately (their accepted reports are added instead)."""
    return totals_by_channel(activities_for(deadline, exclude_paths))


def synthesis_for(
    *, receiver_id: int, period_start: date, period_end: date, today: date | None = None
) -> dict[str, Any]:
    """What the units reporting to `receiver_id` reported for a period: the sum of their
    accepted reports' figures, and the units that were late or did not report."""
    deadlines = list(
        Deadline.objects.filter(
            duty__receiver_id=receiver_id,
            period_start__lte=period_end,
            period_end__gte=period_start,
        ).select_related("unit")
    )
    reports = {
        r.deadline_id: r
        for r in Report.objects.filter(deadline__in=deadlines, status=ReportStatus.ACCEPTED)
    }
    summed: dict[Any, dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "quantity": 0, "participants": 0, "reach": 0, "views": 0}
    )
    for report in reports.values():
        for row in report.figures:
            target = summed[(row["channel"], row["channel_name"], row.get("measure", ""))]
            for key in ("count", "quantity", "participants", "reach", "views"):
                target[key] += int(row.get(key) or 0)
    late, missing = [], []
    for deadline in deadlines:
        state = timeliness(deadline, today)
        if state.timeliness == Timeliness.LATE:
            late.append({"unit": deadline.unit.name, "days": state.days})
        elif state.timeliness == Timeliness.OVERDUE:
            missing.append({"unit": deadline.unit.name, "days": state.days})
    figures = [
        {"channel": c, "channel_name": n, "measure": m, **values}
        for (c, n, m), values in sorted(summed.items(), key=lambda kv: kv[0][1])
    ]
    return {
        "figures": figures,
        "late": late,
        "missing": missing,
        "accepted": len(reports),
        "expected": len(deadlines),
        "paths": tuple(sorted({d.unit.path for d in deadlines})),
    }

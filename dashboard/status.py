"""The status of a plan for REST clients: for each unit it assigned, the implementing plan
(issued or not), activity totals by channel and each deadline's report status. A fixed
number of queries for any page of units."""

from __future__ import annotations

from collections import defaultdict
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from campaigns.models import Activity
from common.types import Viewer
from directives.models import Channel, Document
from directives.selectors import cascade_ids
from reporting.models import Deadline
from reporting.selectors import timeliness_of
from units.models import Unit
from units.tree import ancestor_paths

from .selectors import ISSUED


def assigned_units(document: Document, user: Viewer) -> QuerySet[Unit]:
    """The visible units the plan's assignments name, in tree order (a queryset to page)."""
    return (
        Unit.objects.visible_to(user)
        .filter(assignments__plan__document=document)
        .distinct()
        .order_by("path")
    )


SUMMED = ("count", "quantity", "participants", "reach")


def plan_status(document: Document, units: list[Unit], user: Viewer) -> list[dict[str, Any]]:
    documents = {document.pk, *cascade_ids(document.pk)}
    roles = _roles(document, units)
    plans = _first_plans(documents - {document.pk}, units, user)
    totals = _activity_totals(documents, units)
    deadlines = _deadline_rows(document, units)
    return [
        {
            "unit": {"id": unit.pk, "name": unit.name},
            "roles": sorted(roles[unit.pk]),
            "plan": _plan_ref(plans.get(unit.pk)),
            "activities": sorted(totals[unit.pk].values(), key=lambda r: r["channel_name"]),
            "deadlines": deadlines[unit.pk],
        }
        for unit in units
    ]


def _roles(document: Document, units: list[Unit]) -> dict[int, set[str]]:
    """The roles the plan's assignments give each unit."""
    roles: dict[int, set[str]] = defaultdict(set)
    for unit_id, role in Unit.objects.filter(
        pk__in=[u.pk for u in units], assignments__plan__document=document
    ).values_list("pk", "assignments__role"):
        roles[unit_id].add(role)
    return roles


def _first_plans(cascade: set[int], units: list[Unit], user: Viewer) -> dict[int, Document]:
    """Each unit's first issued plan of the cascade, by issuer."""
    plans: dict[int, Document] = {}
    issued = (
        Document.objects.visible_to(user)
        .filter(pk__in=cascade, issuer__in=units, status__in=ISSUED)
        .order_by("issued_on", "pk")
    )
    for plan in issued:
        if plan.issuer_id is not None:  # always: filtered by issuer above
            plans.setdefault(plan.issuer_id, plan)
    return plans


def _plan_ref(plan: Document | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {"id": plan.pk, "reference": plan.reference, "issued_on": plan.issued_on}


def _activity_totals(
    documents: set[int], units: list[Unit]
) -> dict[int, dict[int, dict[str, Any]]]:
    """Activity sums per unit (its subtree) and channel."""
    by_path = {u.path: u for u in units}
    totals: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    channels = {c.pk: c for c in Channel.objects.all()}
    # The units come from `assigned_units` (visible ones): their subtrees need no second
    # visibility filter.
    # The units under the page's units (usually the units themselves): one small query,
    # then the activities by the indexed unit id rather than by many path ranges.
    under = reduce(or_, (Q(path__descendant_of=u.path) for u in units), Q(pk__in=[]))
    members = list(Unit.objects.filter(under).values_list("pk", flat=True))
    sums = (
        Activity.objects.filter(unit_id__in=members, plan__document_id__in=documents)
        .order_by()
        .values("unit_path", "channel_id")
        .annotate(
            count=Count("id"),
            quantity=Sum("quantity"),
            participants=Sum("participants"),
            reach=Sum("reach"),
        )
    )
    for row in sums:
        owner = next((by_path[p] for p in ancestor_paths(row["unit_path"]) if p in by_path), None)
        if owner is None:
            continue
        channel = channels[row["channel_id"]]
        target = totals[owner.pk].setdefault(
            channel.pk,
            {"channel": channel.code, "channel_name": channel.name, **dict.fromkeys(SUMMED, 0)},
        )
        for key in SUMMED:
            target[key] += row[key] or 0
    return totals


def _deadline_rows(document: Document, units: list[Unit]) -> dict[int, list[dict[str, Any]]]:
    """Each unit's deadlines of the plan with their timeliness and report status."""
    deadlines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    today = timezone.localdate()
    rows = (
        Deadline.objects.filter(duty__plan__document=document, unit__in=units)
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "unit_id",
            "period_label",
            "due_on",
            "extended_to",
            "submitted_at",
            "report__status",
        )
    )
    for pk, unit_id, period, due_on, extended_to, submitted_at, report_status in rows:
        # Plain rows, not model instances: a page of 50 communes carries some 2,500 deadlines.
        state = timeliness_of(extended_to or due_on, submitted_at, today)
        deadlines[unit_id].append(
            {
                "id": pk,
                "period": period,
                "due_on": extended_to or due_on,
                "timeliness": state.timeliness,
                "days": state.days,
                "report_status": report_status,
            }
        )
    return deadlines

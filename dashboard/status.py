"""The status of a plan for REST clients: for each unit it assigned, its own implementing
plan (issued or not, by the rule the dashboard's coverage panel uses), activity totals by
channel and each deadline's report status. Units dissolved before the day asked about are
represented by their successors, as on the dashboard. A fixed number of queries for any
page of units."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
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
from units.scope import scope_for
from units.tree import ancestor_paths

from .selectors import ISSUED
from .selectors.standing import DocumentRef, Standing, document_refs, implemented, standings
from .selectors.succession import fold


@dataclass
class PlanStanding:
    """Who the plan assigned, as `as_of` sees them (a unit dissolved before then is
    represented by its successors), and each one's own plan in answer, if any."""

    as_of: date
    standings: dict[int, Standing] = field(default_factory=dict)
    roles: dict[int, set[str]] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=dict)  # the units each stands for
    paths: dict[int, str] = field(default_factory=dict)

    def units(self) -> QuerySet[Unit]:
        """The representative units in tree order (a queryset to page)."""
        return Unit.objects.filter(pk__in=sorted(self.standings)).order_by("path")


def plan_standing(document: Document, user: Viewer, *, as_of: date | None = None) -> PlanStanding:
    """The same rule as the dashboard's coverage panel (dashboard/selectors/standing.py),
    for one plan: its assigned units the user sees and their own plans in its cascade that
    the user may read. A fixed number of queries."""
    day = as_of or timezone.localdate()
    assigned = list(
        Unit.objects.visible_to(user)
        .filter(assignments__plan__document=document)
        .values_list("pk", "assignments__role")
        .distinct()
    )
    cascade = Document.objects.visible_to(user).filter(pk__in=list(cascade_ids(document.pk)))
    documents = document_refs(cascade.values_list("pk", flat=True), ISSUED)
    # The plan itself assigns whatever its status (a draft's status lists its units too).
    documents[document.pk] = DocumentRef(
        document.pk, document.reference, document.issued_on, document.issuer_id
    )
    issuers = {d.issuer_id for d in documents.values() if d.issuer_id is not None}
    folding = fold(
        {pk for pk, _role in assigned} | issuers,
        as_of=day,
        within=scope_for(user).subtree_q("path"),
    )
    result = PlanStanding(
        as_of=day,
        standings=standings(
            {(pk, document.pk) for pk, _role in assigned},
            documents=documents,
            implements=implemented(documents),
            folding=folding,
        ),
        members=folding.members(),
        paths={pk: info.path for pk, info in folding.units.items()},
    )
    for pk, role in assigned:
        for rep in folding.stand_for.get(pk, ()):
            result.roles.setdefault(rep, set()).add(role)
    return result


SUMMED = ("count", "quantity", "participants", "reach")


def plan_status(
    document: Document, units: list[Unit], standing: PlanStanding
) -> list[dict[str, Any]]:
    documents = {document.pk, *cascade_ids(document.pk)}
    members = {u.pk: standing.members.get(u.pk, {u.pk}) | {u.pk} for u in units}
    totals = _activity_totals(documents, units, members, standing.paths)
    deadlines = _deadline_rows(document, members)
    return [
        {
            "unit": {"id": unit.pk, "name": unit.name},
            "roles": sorted(standing.roles.get(unit.pk, ())),
            "plan": _plan_ref(standing.standings[unit.pk].plan),
            "activities": sorted(totals[unit.pk].values(), key=lambda r: r["channel_name"]),
            "deadlines": deadlines[unit.pk],
        }
        for unit in units
    ]


def _plan_ref(plan: DocumentRef | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {"id": plan.pk, "reference": plan.reference, "issued_on": plan.issued_on}


def _activity_totals(
    documents: set[int], units: list[Unit], members: dict[int, set[int]], paths: dict[int, str]
) -> dict[int, dict[int, dict[str, Any]]]:
    """Activity sums per unit and channel: its subtree's and those of the units it stands
    for (a commune's and the dissolved communes' it succeeded)."""
    by_path: dict[str, Unit] = {}
    for unit in units:
        by_path.setdefault(unit.path, unit)
        for member in members[unit.pk]:
            by_path.setdefault(paths.get(member, unit.path), unit)
    totals: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    channels = {c.pk: c for c in Channel.objects.all()}
    # The units come from `plan_standing` (visible ones and the units they stand for, which
    # the visibility rules grant with them): their subtrees need no second visibility filter.
    # The units under the page's units (usually the units themselves): one small query,
    # then the activities by the indexed unit id rather than by many path ranges.
    under = reduce(or_, (Q(path__descendant_of=p) for p in by_path), Q(pk__in=[]))
    inside = list(Unit.objects.filter(under).values_list("pk", flat=True))
    sums = (
        Activity.objects.filter(unit_id__in=inside, plan__document_id__in=documents)
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


def _deadline_rows(
    document: Document, members: dict[int, set[int]]
) -> dict[int, list[dict[str, Any]]]:
    """Each unit's deadlines of the plan (its own and those of the units it stands for) with
    their timeliness and report status."""
    owners: dict[int, list[int]] = defaultdict(list)
    for rep, units in members.items():
        for member in units:
            owners[member].append(rep)
    deadlines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    today = timezone.localdate()
    rows = (
        Deadline.objects.filter(duty__plan__document=document, unit_id__in=list(owners))
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
        row = {
            "id": pk,
            "period": period,
            "due_on": extended_to or due_on,
            "timeliness": state.timeliness,
            "days": state.days,
            "report_status": report_status,
        }
        for rep in owners[unit_id]:
            deadlines[rep].append(row)
    return deadlines

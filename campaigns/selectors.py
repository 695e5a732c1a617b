"""Reads across activities: a unit's assignments with progress, totals per channel."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum

from common.types import Viewer
from directives.choices import DocumentStatus
from directives.models import Assignment, Channel, ChannelTarget
from units.models import Unit
from units.scope import scope_for

from .models import Activity


@dataclass
class ChannelProgress:
    channel: Channel
    planned: int | None
    logged: int
    count: int

    @property
    def percent(self) -> int | None:
        if not self.planned:
            return None
        return min(100, round(100 * self.logged / self.planned))


@dataclass
class AssignmentCard:
    assignment: Assignment
    progress: list[ChannelProgress] = field(default_factory=list)

    @property
    def logged_total(self) -> int:
        return sum(p.count for p in self.progress)


Planned = dict[int, dict[int, int | None]]  # plan id -> channel id -> planned quantity
Logged = dict[int, dict[int, tuple[int, int]]]  # assignment id -> channel id -> (quantity, count)


def my_assignments(user: Viewer) -> list[AssignmentCard]:
    """Every assignment of an issued plan to the user's units (or units under them), with
    logged vs planned quantity per channel. Four queries whatever the number of rows."""
    scope = scope_for(user)
    if scope.is_empty or not user.is_authenticated:
        return []
    # The everything scope (a superuser) matches no units here: it gets no cards.
    units = Unit.objects.none() if scope.everything else Unit.objects.visible_to(user)
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(units__in=units, plan__document__status=DocumentStatus.ISSUED)
        .select_related("plan__document")
        .prefetch_related("units", "tasks")
        .distinct()
        .order_by("-plan__document__issued_on", "plan_id", "position")[:200]
    )
    planned, channels = _planned_by_plan({a.plan_id for a in assignments})
    logged = _logged_by_assignment(user, assignments)
    _add_missing_channels(channels, logged)
    return [_card(a, planned[a.plan_id], logged[a.pk], channels) for a in assignments]


def _planned_by_plan(plan_ids: set[int]) -> tuple[Planned, dict[int, Channel]]:
    """Planned quantity per plan and channel (None: a target without a figure), and the
    channels the targets name."""
    planned: Planned = defaultdict(dict)
    channels: dict[int, Channel] = {}
    for target in ChannelTarget.objects.filter(item__plan_id__in=plan_ids).select_related(
        "channel", "item"
    ):
        per_channel = planned[target.item.plan_id]
        current = per_channel.get(target.channel_id)
        quantity = target.planned_quantity
        per_channel[target.channel_id] = (
            (current or 0) + quantity if quantity is not None else current
        )
        channels[target.channel_id] = target.channel
    return planned, channels


def _logged_by_assignment(user: Viewer, assignments: list[Assignment]) -> Logged:
    logged: Logged = defaultdict(dict)
    totals = (
        Activity.objects.visible_to(user)
        .filter(assignment__in=assignments)
        .values("assignment_id", "channel_id")
        .annotate(quantity=Sum("quantity"), count=Count("id"))
    )
    for row in totals:
        logged[row["assignment_id"]][row["channel_id"]] = (row["quantity"] or 0, row["count"])
    return logged


def _add_missing_channels(channels: dict[int, Channel], logged: Logged) -> None:
    """Channels logged against but not planned (a plan edited after the logging)."""
    missing = {c for per_channel in logged.values() for c in per_channel if c not in channels}
    channels.update({c.pk: c for c in Channel.objects.filter(pk__in=missing)})


def _card(
    assignment: Assignment,
    planned: dict[int, int | None],
    logged: dict[int, tuple[int, int]],
    channels: dict[int, Channel],
) -> AssignmentCard:
    """The planned channels first, then those only logged against."""
    channel_ids = list(planned) + [c for c in logged if c not in planned]
    card = AssignmentCard(assignment=assignment)
    for channel_id in channel_ids:
        quantity, count = logged.get(channel_id, (0, 0))
        card.progress.append(
            ChannelProgress(channels[channel_id], planned.get(channel_id), quantity, count)
        )
    return card


def totals_by_channel(activities: QuerySet[Activity]) -> list[dict[str, Any]]:
    """Count and sums per channel of a (filtered) activity queryset: one query."""
    rows = (
        activities.order_by()
        .values("channel_id", "channel__name", "channel__measure")
        .annotate(
            count=Count("id"),
            quantity=Sum("quantity"),
            participants=Sum("participants"),
            reach=Sum("reach"),
            views=Sum("views"),
        )
        .order_by("channel__name")
    )
    return [
        {
            "channel": row["channel_id"],
            "channel_name": row["channel__name"],
            "measure": row["channel__measure"],
            "count": row["count"],
            "quantity": row["quantity"] or 0,
            "participants": row["participants"] or 0,
            "reach": row["reach"] or 0,
            "views": row["views"] or 0,
        }
        for row in rows
    ]


def reportable_units(user: Viewer) -> QuerySet[Unit]:
    """Units the user may log activities for: under the units where they report."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from .services import REPORT_ROLES

    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.exclude(kind__in=("province", "district", "commune")).filter(
            is_active=True
        )
    paths = list(
        Unit.objects.filter(memberships__user=user, memberships__role__in=REPORT_ROLES).values_list(
            "path", flat=True
        )
    )
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(
        reduce(or_, (Q(path__descendant_of=p) for p in paths)), is_active=True
    )


def loggable_assignments(user: Viewer) -> QuerySet[Assignment]:
    """Assignments of issued plans the user may log against (to units they report for)."""
    return (
        Assignment.objects.visible_to(user)
        .filter(plan__document__status=DocumentStatus.ISSUED)
        .filter(units__in=_with_ancestors(reportable_units(user)))
        .select_related("plan__document")
        .distinct()
        .order_by("-plan__document__issued_on", "plan_id", "position")
    )


def _with_ancestors(units: QuerySet[Unit]) -> list[int]:
    """Ids of the units and their ancestors (an assignment to a parent covers its offices)."""
    from units.tree import ancestor_ids

    ids: set[int] = set()
    for path in units.values_list("path", flat=True)[:5000]:
        ids.update(ancestor_ids(path))
    return list(ids)


def activity_places(user: Viewer) -> QuerySet[Unit]:
    """Communes and wards of the provinces the user reports in (where an activity happened)."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from units.choices import UnitKind
    from units.tree import SEGMENT

    tops = {path[:SEGMENT] for path in reportable_units(user).values_list("path", flat=True)[:2000]}
    if not tops:
        return Unit.objects.none()
    return Unit.objects.filter(
        reduce(or_, (Q(path__descendant_of=top) for top in tops)),
        kind=UnitKind.COMMUNE,
        is_active=True,
    ).order_by("name")

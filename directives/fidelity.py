"""Fidelity of a plan to the plans it implements: what a parent asked of this level that
the child dropped, and the child's deadlines that fall after the parent's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from common.text import fold
from units.models import Unit
from units.selectors import related_identities

from .choices import DutyRule, ReferenceKind
from .models import (
    AssignmentTask,
    AudienceGroup,
    Channel,
    ChannelTarget,
    Document,
    Plan,
    ReportingDuty,
    Theme,
)


@dataclass
class Fidelity:
    """What a parent plan asked of this level that a child plan dropped."""

    parent: Document
    themes: list[Any] = field(default_factory=list)
    audiences: list[Any] = field(default_factory=list)
    channels: list[Any] = field(default_factory=list)
    tasks: list[Any] = field(default_factory=list)
    late_duties: list[tuple[Any, Any]] = field(default_factory=list)

    @property
    def is_faithful(self) -> bool:
        return not (
            self.themes or self.audiences or self.channels or self.tasks or self.late_duties
        )


def _deadline_key(duty: Any) -> tuple[int, ...] | None:
    if duty.rule == DutyRule.ONCE and duty.due_on:
        return (duty.due_on.toordinal(),)
    if duty.rule == DutyRule.ANNUAL and duty.month and duty.day:
        return (duty.month, duty.day)
    if duty.rule in (DutyRule.MONTHLY, DutyRule.QUARTERLY, DutyRule.HALF_YEARLY):
        return (duty.day or 31,)
    return None


def duty_is_later(child: Any, parent: Any) -> bool:
    """True when the child's deadline falls after the parent's for the same rule."""
    if child.rule != parent.rule:
        return False
    mine, theirs = _deadline_key(child), _deadline_key(parent)
    return mine is not None and theirs is not None and mine > theirs


@dataclass(frozen=True)
class _Kept:
    """The child's themes or tasks: the parent items they copy, and their folded texts."""

    origins: set[int | None]
    texts: set[str]

    @classmethod
    def of(cls, items: Sequence[Theme | AssignmentTask]) -> _Kept:
        return cls(origins={i.origin_id for i in items}, texts={fold(i.text) for i in items})

    def lacks(self, asked: Theme | AssignmentTask) -> bool:
        """True when the child neither copied `asked` nor wrote its text again."""
        return asked.pk not in self.origins and fold(asked.text) not in self.texts


@dataclass(frozen=True)
class _ChildContent:
    """What the child plan carries, read once and compared with every parent."""

    identities: set[int]
    themes: _Kept
    groups: set[int | None]
    channels: set[int]
    tasks: _Kept
    duties: list[ReportingDuty]


def _child_content(child: Plan, issuer: Unit) -> _ChildContent:
    return _ChildContent(
        identities=related_identities(issuer),
        themes=_Kept.of(list(child.themes.all())),
        groups=set(child.audiences.values_list("groups", flat=True)),
        channels=set(
            ChannelTarget.objects.filter(item__plan=child).values_list("channel_id", flat=True)
        ),
        tasks=_Kept.of(list(AssignmentTask.objects.filter(assignment__plan=child))),
        duties=list(child.duties.all()),
    )


def _missing_groups(parent: Plan, kept: set[int | None]) -> list[AudienceGroup]:
    missing = {
        g.pk: g
        for item in parent.audiences.prefetch_related("groups")
        for g in item.groups.all()
        if g.pk not in kept
    }
    return list(missing.values())


def _missing_channels(parent: Plan, kept: set[int]) -> list[Channel]:
    targets = ChannelTarget.objects.filter(item__plan=parent).select_related("channel")
    missing = {t.channel.pk: t.channel for t in targets if t.channel_id not in kept}
    return list(missing.values())


def _dropped_tasks(parent: Plan, child: _ChildContent) -> list[AssignmentTask]:
    """Tasks the parent gave this level (the issuer, a predecessor or a successor) and the
    child dropped."""
    dropped: list[AssignmentTask] = []
    for assignment in parent.assignments.prefetch_related("units", "tasks"):
        if any(u.pk in child.identities for u in assignment.units.all()):
            dropped += [t for t in assignment.tasks.all() if child.tasks.lacks(t)]
    return dropped


def _late_duties(
    asked: Iterable[ReportingDuty], kept: list[ReportingDuty]
) -> list[tuple[ReportingDuty, ReportingDuty]]:
    """(child's, parent's) duty pairs where the child reports later than the parent asked."""
    return [
        (mine, theirs)
        for theirs in asked
        for mine in kept
        if mine.origin_id in (None, theirs.pk) and duty_is_later(mine, theirs)
    ]


def _compare(parent: Plan, child: _ChildContent) -> Fidelity:
    return Fidelity(
        parent=parent.document,
        themes=[t for t in parent.themes.all() if child.themes.lacks(t)],
        audiences=_missing_groups(parent, child.groups),
        channels=_missing_channels(parent, child.channels),
        tasks=_dropped_tasks(parent, child),
        late_duties=_late_duties(parent.duties.all(), child.duties),
    )


def fidelity_check(document: Document) -> list[Fidelity]:
    """Compare a plan with each plan it implements (a fixed number of queries per parent)."""
    child = Plan.objects.filter(document=document).first()
    if child is None or document.issuer is None:
        return []
    content = _child_content(child, document.issuer)
    parents = Plan.objects.filter(
        document__incoming_references__source=document,
        document__incoming_references__kind=ReferenceKind.IMPLEMENTS,
    ).select_related("document")
    return [_compare(parent, content) for parent in parents]

"""What a plan says, as plain typed data: the one shape every writer of a plan's parts speaks.

The editor, derive, new version (clone) and the seed loader each build a `PlanContent` and
hand it to `directives.services.writer.plan_content_write`; an importer of Word or PDF plans
(not written yet) would do the same. `content_of` reads a stored plan back into this shape.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Final

from django.db.models import Model, Prefetch

from .choices import SectionPart
from .models import (
    Assignment,
    AudienceItem,
    BudgetItem,
    ChannelItem,
    ChannelTarget,
    Footnote,
    Plan,
    PlanSection,
    Purpose,
    Recipient,
    ReportingDuty,
    RoadmapStep,
    Theme,
)


class Unset(Enum):
    """A field a row leaves as stored (the editor sends partial rows)."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, kw_only=True)
class Row:
    """`id`: the stored row this one updates (None: a new row); `delete` removes that row."""

    id: int | None = None
    delete: bool = False


@dataclass(frozen=True, kw_only=True)
class OrderedRow(Row):
    position: int = 0  # always written, as the editor always did


@dataclass(frozen=True, kw_only=True)
class ItemContent(OrderedRow):
    """Fields every part item shares; `origin_id`: the item of a parent plan it was copied from."""

    label: str | Unset = UNSET
    title: str | Unset = UNSET
    text: str | Unset = UNSET
    origin_id: int | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class PurposeContent(ItemContent):
    kind: str | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class ThemeContent(ItemContent):
    pass


@dataclass(frozen=True, kw_only=True)
class AudienceContent(ItemContent):
    groups: tuple[int, ...] | Unset = UNSET  # AudienceGroup ids


@dataclass(frozen=True)
class TargetContent:
    channel_id: int
    quantity: int | None = None


@dataclass(frozen=True, kw_only=True)
class ChannelContent(ItemContent):
    targets: tuple[TargetContent, ...] | Unset = UNSET  # given: replaces every target


@dataclass(frozen=True, kw_only=True)
class RoadmapContent(ItemContent):
    due_text: str | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class BudgetContent(ItemContent):
    source: str | Unset = UNSET
    amount: Decimal | int | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class TaskContent:
    """A task of an assignment; the tasks given are all the assignment keeps."""

    id: int | None = None
    position: int = 0
    label: str | Unset = UNSET
    text: str | Unset = UNSET
    role: str | Unset = UNSET
    origin_id: int | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class DutyContent(OrderedRow):
    """A reporting duty; nested in an `AssignmentContent` it is linked to that assignment."""

    phrase: str | Unset = UNSET
    subject: str | Unset = UNSET
    rule: str | Unset = UNSET
    due_on: date | Unset | None = UNSET
    day: int | Unset | None = UNSET
    month: int | Unset | None = UNSET
    receiver_id: int | Unset | None = UNSET
    receiver_text: str | Unset = UNSET
    via_id: int | Unset | None = UNSET
    via_text: str | Unset = UNSET
    reporting_units: tuple[int, ...] | Unset = UNSET  # Unit ids
    reporting_units_text: str | Unset = UNSET
    data_window: bool | Unset = UNSET
    reminder_steps: tuple[str, ...] | Unset = UNSET
    origin_id: int | Unset | None = UNSET


@dataclass(frozen=True, kw_only=True)
class AssignmentContent(ItemContent):
    role: str | Unset = UNSET
    units: tuple[int, ...] | Unset = UNSET  # Unit ids
    tasks: tuple[TaskContent, ...] | Unset = UNSET
    duties: tuple[DutyContent, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SectionContent(OrderedRow):
    """A heading of the plan with the items printed under it and its subsections."""

    label: str | Unset = UNSET
    title: str | Unset = UNSET
    part: str | Unset = UNSET
    intro: str | Unset = UNSET
    outro: str | Unset = UNSET
    items: tuple[ItemContent, ...] = ()
    children: tuple[SectionContent, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FootnoteContent(Row):
    marker: str | Unset = UNSET
    anchor: str | Unset = UNSET
    text: str | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class RecipientContent(OrderedRow):
    text: str | Unset = UNSET
    unit_id: int | Unset | None = UNSET
    is_archive: bool | Unset = UNSET


@dataclass(frozen=True, kw_only=True)
class PlanContent:
    """A plan's content. A collection left None is not described: the writer leaves it alone
    (the items count as described when either `sections` or `items` is given).

    `items` are items outside the section tree; new ones go to the first section of their
    part (created from the default outline if absent), or stay outside any section when
    `items_placed` is False (a copy of items whose section was deleted).
    """

    basis_text: str | Unset = UNSET
    closing_text: str | Unset = UNSET
    sections: tuple[SectionContent, ...] | None = None
    items: tuple[ItemContent, ...] | None = None
    duties: tuple[DutyContent, ...] | None = None
    footnotes: tuple[FootnoteContent, ...] | None = None
    recipients: tuple[RecipientContent, ...] | None = None
    items_placed: bool = True


@dataclass(frozen=True)
class ItemKind:
    content: type[ItemContent]
    model: type[Model]
    part: SectionPart


# In printed order of the default outline.
ITEM_KINDS: dict[type[ItemContent], ItemKind] = {
    kind.content: kind
    for kind in (
        ItemKind(PurposeContent, Purpose, SectionPart.PURPOSES),
        ItemKind(ThemeContent, Theme, SectionPart.THEMES),
        ItemKind(AudienceContent, AudienceItem, SectionPart.AUDIENCES),
        ItemKind(ChannelContent, ChannelItem, SectionPart.CHANNELS),
        ItemKind(RoadmapContent, RoadmapStep, SectionPart.ROADMAP),
        ItemKind(BudgetContent, BudgetItem, SectionPart.BUDGET),
        ItemKind(AssignmentContent, Assignment, SectionPart.ASSIGNMENTS),
    )
}
# Fields that are not model columns: identity, nesting, related rows.
_STRUCTURE = frozenset(
    {
        "id",
        "delete",
        "items",
        "children",
        "groups",
        "targets",
        "units",
        "tasks",
        "duties",
        "reporting_units",
    }
)


def plain_fields(content: type[Any]) -> tuple[str, ...]:
    """The fields of a content class that are columns (attnames) of its model."""
    return tuple(f.name for f in fields(content) if f.name not in _STRUCTURE)


# Reading a stored plan.

_PREFETCH: dict[type[Model], tuple[str | Prefetch[Any], ...]] = {
    AudienceItem: ("groups",),
    ChannelItem: (Prefetch("targets", queryset=ChannelTarget.objects.order_by("id")),),
    Assignment: ("units", "tasks", "duties__reporting_units"),
}


def _ids(related: Iterable[Model]) -> tuple[int, ...]:
    return tuple(sorted(obj.pk for obj in related))


def _columns(obj: Model, content: type[Any]) -> dict[str, Any]:
    values = {name: getattr(obj, name) for name in plain_fields(content)}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def _duty_content(duty: ReportingDuty, ids: bool) -> DutyContent:
    return DutyContent(
        id=duty.pk if ids else None,
        **_columns(duty, DutyContent),
        reporting_units=_ids(duty.reporting_units.all()),
    )


def _assignment_related(obj: Any, ids: bool) -> dict[str, Any]:
    tasks = tuple(
        TaskContent(id=t.pk if ids else None, **_columns(t, TaskContent)) for t in obj.tasks.all()
    )
    # Only the plan's own duties (the admin could link another plan's duty to this one).
    duties = sorted(
        (d for d in obj.duties.all() if d.plan_id == obj.plan_id), key=lambda d: (d.position, d.pk)
    )
    return {
        "units": _ids(obj.units.all()),
        "tasks": tasks,
        "duties": tuple(_duty_content(d, ids) for d in duties),
    }


_RELATED_READ: dict[type[ItemContent], Callable[[Any, bool], dict[str, Any]]] = {
    AudienceContent: lambda obj, ids: {"groups": _ids(obj.groups.all())},
    ChannelContent: lambda obj, ids: {
        "targets": tuple(TargetContent(t.channel_id, t.planned_quantity) for t in obj.targets.all())
    },
    AssignmentContent: _assignment_related,
}


def _no_related(obj: Any, ids: bool) -> dict[str, Any]:
    return {}


def items_of(
    plan: Plan, kinds: Iterable[type[ItemContent]], *, ids: bool = True
) -> list[tuple[int | None, ItemContent]]:
    """(section id, item) of each item of `kinds`, kind by kind, in (position, id) order."""
    result: list[tuple[int | None, ItemContent]] = []
    for content in kinds:
        model = ITEM_KINDS[content].model
        related = _RELATED_READ.get(content, _no_related)
        queryset = model._default_manager.filter(plan=plan).prefetch_related(
            *_PREFETCH.get(model, ())
        )
        for obj in queryset.order_by("position", "id"):
            row = content(id=obj.pk if ids else None, **_columns(obj, content), **related(obj, ids))
            result.append((obj.section_id, row))  # type: ignore[attr-defined]
    return result


def _sections_of(
    plan: Plan, items: list[tuple[int | None, ItemContent]], ids: bool
) -> tuple[tuple[SectionContent, ...], tuple[ItemContent, ...]]:
    """The section tree with its items, and the items outside it."""
    stored = list(PlanSection.objects.filter(plan=plan).order_by("position", "id"))
    known = {s.pk for s in stored}
    children: dict[int | None, list[PlanSection]] = defaultdict(list)
    for section in stored:
        children[section.parent_id if section.parent_id in known else None].append(section)
    placed: dict[int | None, list[ItemContent]] = defaultdict(list)
    for section_id, row in items:
        placed[section_id if section_id in known else None].append(row)

    def tree(section: PlanSection) -> SectionContent:
        return SectionContent(
            id=section.pk if ids else None,
            **_columns(section, SectionContent),
            items=tuple(sorted(placed[section.pk], key=lambda r: r.position)),
            children=tuple(tree(child) for child in children[section.pk]),
        )

    return tuple(tree(s) for s in children[None]), tuple(placed[None])


def content_of(plan: Plan, *, ids: bool = True) -> PlanContent:
    """Everything `plan` holds. `ids=False` describes a copy (no row ids; origins kept).

    A duty of an assignment comes nested under it (so a copy keeps the link, and with it the
    units that report when the duty names none); the plan's other duties come in `duties`.
    """
    sections, loose = _sections_of(plan, items_of(plan, ITEM_KINDS, ids=ids), ids)
    duties = (
        ReportingDuty.objects.filter(plan=plan)
        .exclude(assignment__plan=plan)
        .prefetch_related("reporting_units")
    )
    return PlanContent(
        basis_text=plan.basis_text,
        closing_text=plan.closing_text,
        sections=sections,
        items=loose,
        items_placed=False,
        duties=tuple(_duty_content(d, ids) for d in duties.order_by("position", "id")),
        footnotes=tuple(
            FootnoteContent(id=n.pk if ids else None, **_columns(n, FootnoteContent))
            for n in Footnote.objects.filter(plan=plan)
        ),
        recipients=tuple(
            RecipientContent(id=r.pk if ids else None, **_columns(r, RecipientContent))
            for r in Recipient.objects.filter(document_id=plan.pk)
        ),
    )

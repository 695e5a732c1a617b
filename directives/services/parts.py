"""What each plan workflow writes, as a `PlanContent` for the one writer: the editor's rows,
the start of a derived plan, and the copy that becomes a new version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet

from common.types import Person
from units.models import Unit
from units.selectors import related_identities, subordinate_units

from ..choices import AssignmentRole, DocumentStatus
from ..content import (
    AssignmentContent,
    AudienceContent,
    BudgetContent,
    ChannelContent,
    DutyContent,
    ItemContent,
    PlanContent,
    PurposeContent,
    RecipientContent,
    RoadmapContent,
    SectionContent,
    TargetContent,
    TaskContent,
    ThemeContent,
    content_of,
    items_of,
)
from ..models import Assignment, AssignmentTask, Document, DocumentReference, Plan
from .search import document_refresh_search
from .writer import plan_content_write

Rows = dict[str, list[dict[str, Any]]]

# The editor's rows. Part -> (content class, keys a row may carry); other fields stay as stored.
EDITOR_ITEMS: dict[str, tuple[type[ItemContent], tuple[str, ...]]] = {
    "purposes": (PurposeContent, ("label", "title", "text", "kind")),
    "themes": (ThemeContent, ("label", "title", "text")),
    "audiences": (AudienceContent, ("label", "title", "text", "groups")),
    "channels": (ChannelContent, ("label", "title", "text")),
    "roadmap": (RoadmapContent, ("label", "title", "text", "due_text")),
    "budget": (BudgetContent, ("label", "title", "text", "source", "amount")),
    "assignments": (AssignmentContent, ("label", "title", "role", "units")),
}
DUTY_FIELDS = (
    "phrase",
    "subject",
    "rule",
    "due_on",
    "day",
    "month",
    "receiver",
    "receiver_text",
    "reminder_steps",
    "data_window",
    "reporting_units",
)
RECIPIENT_FIELDS = ("text", "unit", "is_archive")
SECTION_FIELDS = ("label", "title", "part", "intro")
_LINKS = {"receiver": "receiver_id", "unit": "unit_id"}


def _plain(value: Any) -> Any:
    """Model instances as ids, lists and querysets as tuples."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | QuerySet):
        return tuple(_plain(v) for v in value)
    return value


def _given(row: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": row.get("id") or None,
        "delete": bool(row.get("DELETE")),
        "position": row.get("position") or 0,
    }
    values.update({_LINKS.get(n, n): _plain(row[n]) for n in names if n in row})
    return values


def _rows(parts: Rows, name: str) -> list[dict[str, Any]]:
    return sorted(parts.get(name) or [], key=lambda r: r.get("position") or 0)


def _editor_targets(plan: Plan, row: dict[str, Any]) -> dict[str, Any]:
    if "targets" not in row:
        return {}
    targets = tuple(TargetContent(_plain(c), quantity) for c, quantity in row["targets"])
    return {"targets": targets}


def _editor_tasks(plan: Plan, row: dict[str, Any]) -> dict[str, Any]:
    """Task lines as rows: a line whose text is unchanged keeps its stored task (and origin)."""
    if "tasks" not in row:
        return {}
    assignment_id = row.get("id")
    stored = (
        list(AssignmentTask.objects.filter(assignment__plan=plan, assignment_id=assignment_id))
        if assignment_id
        else []
    )
    tasks = []
    for position, line in enumerate(row["tasks"], start=1):
        match = next((t for t in stored if t.text == line), None)
        if match is None:
            tasks.append(TaskContent(position=position, label="-", text=line))
        else:
            stored.remove(match)
            tasks.append(TaskContent(id=match.pk, position=position))
    return {"tasks": tuple(tasks)}


_EDITOR_RELATED = {"channels": _editor_targets, "assignments": _editor_tasks}


def editor_content(plan: Plan, parts: Rows) -> PlanContent:
    """The editor's rows (partial: a row changes only the keys it carries) as a content."""
    items = [
        content(**_given(row, names), **_EDITOR_RELATED.get(name, lambda p, r: {})(plan, row))
        for name, (content, names) in EDITOR_ITEMS.items()
        for row in _rows(parts, name)
    ]
    return PlanContent(
        items=tuple(items),
        duties=tuple(DutyContent(**_given(r, DUTY_FIELDS)) for r in _rows(parts, "duties")),
        sections=tuple(
            SectionContent(**_given(r, SECTION_FIELDS)) for r in _rows(parts, "sections")
        ),
        recipients=tuple(
            RecipientContent(**_given(r, RECIPIENT_FIELDS)) for r in _rows(parts, "recipients")
        ),
    )


@transaction.atomic
def parts_apply(*, plan: Plan, parts: Rows) -> None:
    """Write the editor's rows; duties must keep to `duty_scope_check`."""
    plan_content_write(plan=plan, content=editor_content(plan, parts))


# A derived plan.


def _addressed_to(assignment: Assignment, identities: set[int]) -> bool:
    return any(unit.pk in identities for unit in assignment.units.all())


def _own_assignment(source: Plan, issuer: Unit, identities: set[int]) -> AssignmentContent | None:
    """One assignment for the issuer with every task `source` gives it."""
    own_tasks = [
        task
        for assignment in source.assignments.prefetch_related("units", "tasks")
        if _addressed_to(assignment, identities)
        for task in assignment.tasks.all()
    ]
    if not own_tasks:
        return None
    return AssignmentContent(
        position=1,
        label="1.",
        title=issuer.short_name or issuer.name,
        role=AssignmentRole.LEAD,
        units=(issuer.pk,),
        tasks=tuple(
            TaskContent(position=i, label="-", text=t.text, role=t.role, origin_id=t.pk)
            for i, t in enumerate(own_tasks, start=1)
        ),
    )


def _inherited_duties(
    source: Plan, issuer: Unit, identities: set[int], reporters: list[Unit]
) -> list[DutyContent]:
    """The duties `source` puts on the issuer, received by it and reported by `reporters`."""
    duties = []
    for duty in source.duties.prefetch_related("reporting_units"):
        addressed = bool({u.pk for u in duty.reporting_units.all()} & identities) or (
            duty.assignment is not None and _addressed_to(duty.assignment, identities)
        )
        if addressed:
            duties.append(
                DutyContent(
                    position=duty.position,
                    phrase=duty.phrase,
                    subject=duty.subject,
                    rule=duty.rule,
                    due_on=duty.due_on,
                    day=duty.day,
                    month=duty.month,
                    receiver_id=issuer.pk,
                    receiver_text=issuer.name,
                    origin_id=duty.pk,
                    reporting_units=tuple(u.pk for u in reporters),
                )
            )
    return duties


def derived_content(*, source: Plan | None, issuer: Unit) -> PlanContent:
    """What a plan implementing `source` starts with: its purposes, themes, audiences and
    channels (each keeping its origin), the tasks it gives the issuer, one assignment per
    subordinate unit, and the duties it puts on the issuer."""
    items: list[ItemContent] = []
    duties: list[DutyContent] = []
    identities = related_identities(issuer)
    subordinates = subordinate_units(issuer)
    if source is not None:
        copied = items_of(source, (PurposeContent, ThemeContent, AudienceContent, ChannelContent))
        items += [replace(item, id=None, origin_id=item.id) for _section, item in copied]
        own = _own_assignment(source, issuer, identities)
        items += [own] if own is not None else []
        duties = _inherited_duties(source, issuer, identities, subordinates)
    first = 2 if any(isinstance(item, AssignmentContent) for item in items) else 1
    items += [
        AssignmentContent(
            position=position,
            label=f"{position}.",
            title=unit.name,
            role=AssignmentRole.IMPLEMENT,
            units=(unit.pk,),
        )
        for position, unit in enumerate(subordinates, start=first)
    ]
    return PlanContent(items=tuple(items), duties=tuple(duties))


# A new version.


def _clone(obj: Any, **changes: Any) -> Any:
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj


@transaction.atomic
def plan_clone(*, user: Person, source: Document) -> Document:
    """A draft copy of `source` with every part, linked to it as its next version."""
    old_plan = source.plan
    document: Document = _clone(
        Document.objects.get(pk=source.pk),
        status=DocumentStatus.DRAFT,
        number="",
        number_value=None,
        register=None,
        issued_on=None,
        date_text="",
        version_of=source,
        key=None,
        lock_version=1,
        created_by=user,
    )
    document.issued_year = document.issued_month = None
    document.symbol = ""
    document.save()
    plan = Plan.objects.create(
        document=document,
        basis_text=old_plan.basis_text,
        closing_text=old_plan.closing_text,
        derived_from=old_plan.derived_from,
    )
    plan_content_write(
        plan=plan,
        content=content_of(old_plan, ids=False),
        replace=True,
        check_duty_scope=False,
        validate=False,
    )
    for reference in DocumentReference.objects.filter(source=source).exclude(kind="replaces"):
        _clone(reference, source=document)
    document_refresh_search(document=document)
    return document

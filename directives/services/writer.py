"""The one writer of a plan's parts: `plan_content_write(plan=..., content=PlanContent(...))`.

The editor, derive, new version and the seed loader describe what they want as a
`PlanContent` (directives/content.py) and call this; a future importer would too. Rows
with a stored id are updated (only the fields they give), rows without one are created, rows
marked `delete` are removed; `replace=True` also removes every row the content does not name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from common.exceptions import DomainError

from ..content import (
    ITEM_KINDS,
    UNSET,
    AssignmentContent,
    AudienceContent,
    ChannelContent,
    DutyContent,
    ItemContent,
    PlanContent,
    Row,
    SectionContent,
    TaskContent,
    Unset,
    plain_fields,
)
from ..models import (
    Assignment,
    AssignmentTask,
    AudienceItem,
    ChannelItem,
    ChannelTarget,
    Footnote,
    Plan,
    PlanSection,
    Recipient,
    ReportingDuty,
)
from ..outline import section_for

# Links the writer sets itself; full_clean would only query them again.
_NOT_VALIDATED = ["plan", "section", "document", "origin", "assignment"]


def duty_scope_check(*, duty: ReportingDuty) -> None:
    """A plan imposes a reporting duty only on bodies it may direct (the issuer's subtree,
    or the bodies the plan itself assigns), and reports go to the issuer or its superior."""
    issuer = duty.plan.document.issuer
    if issuer is None:
        return
    errors: dict[str, str] = {}
    receiver = duty.receiver
    if receiver is not None and not issuer.path.startswith(receiver.path):
        errors["receiver"] = _(
            "Đơn vị nhận báo cáo phải là cơ quan ban hành hoặc cấp trên của cơ quan ban hành."
        )
    assigned = set(
        Assignment.units.through.objects.filter(assignment__plan=duty.plan).values_list(
            "unit_id", flat=True
        )
    )
    outside = [
        u.name
        for u in duty.reporting_units.all()
        if not u.path.startswith(issuer.path) and u.pk not in assigned
    ]
    if outside:
        errors["reporting_units"] = _(
            "Kế hoạch chỉ giao báo cáo cho đơn vị thuộc quyền chỉ đạo của cơ quan ban hành "
            "hoặc được chính kế hoạch phân công; không giao được cho: %(units)s."
        ) % {"units": ", ".join(sorted(outside)[:5])}
    if errors:
        raise DomainError(errors)


@dataclass
class _Write:
    plan: Plan
    content: PlanContent
    check_duty_scope: bool
    validate: bool = True
    named: defaultdict[type[Model], set[int]] = field(default_factory=lambda: defaultdict(set))
    homes: dict[str, PlanSection | None] = field(default_factory=dict)
    linked_duties: list[tuple[Assignment, DutyContent]] = field(default_factory=list)


def _owned(model: type[Model], plan: Plan) -> QuerySet[Any]:
    if model is Recipient:
        return Recipient.objects.filter(document_id=plan.pk)
    return model._default_manager.filter(plan=plan)


def _row_open(w: _Write, model: type[Model], row: Row) -> Any | None:
    """The stored row `row` updates, or a new one; None when `row` deletes."""
    obj = _owned(model, w.plan).filter(pk=row.id).first() if row.id else None
    if row.delete:
        if obj is not None:
            obj.delete()
        return None
    if obj is not None:
        return obj
    return Recipient(document_id=w.plan.pk) if model is Recipient else model(plan=w.plan)


def _fields_write(obj: Any, row: Any, *, validate: bool = True) -> None:
    """Write the fields `row` gives (blank for None where the column takes no null)."""
    for name in plain_fields(type(row)):
        value = getattr(row, name)
        if value is UNSET:
            continue
        if value is None and not obj._meta.get_field(name).null:
            value = ""
        setattr(obj, name, list(value) if isinstance(value, tuple) else value)
    if validate:
        obj.full_clean(exclude=_NOT_VALIDATED)
    obj.save()


def _row_save(w: _Write, obj: Any, row: Row) -> None:
    _fields_write(obj, row, validate=w.validate)
    w.named[type(obj)].add(obj.pk)


def _row_write(w: _Write, model: type[Model], row: Row, **links: Any) -> Any | None:
    """Open the row, set the links given (one given as UNSET keeps what is stored) and save
    it; None when `row` deletes it."""
    obj = _row_open(w, model, row)
    if obj is None:
        return None
    for name, value in links.items():
        if value is not UNSET:
            setattr(obj, name, value)
    _row_save(w, obj, row)
    return obj


# Related rows of the item parts, after the item itself is saved.


def _groups_write(w: _Write, obj: AudienceItem, row: AudienceContent) -> None:
    if row.groups is not UNSET:
        obj.groups.set(row.groups)


def _targets_write(w: _Write, obj: ChannelItem, row: ChannelContent) -> None:
    if row.targets is UNSET:
        return
    obj.targets.all().delete()
    ChannelTarget.objects.bulk_create(
        ChannelTarget(item=obj, channel_id=t.channel_id, planned_quantity=t.quantity)
        for t in row.targets
    )


def _tasks_write(assignment: Assignment, rows: Iterable[TaskContent]) -> None:
    """The tasks given are all the assignment keeps; a task with an id keeps its origin."""
    stored = {task.pk: task for task in assignment.tasks.all()}
    kept: list[int] = []
    for row in rows:
        task = stored.get(row.id) if row.id else None
        task = task or AssignmentTask(assignment=assignment)
        _fields_write(task, row, validate=False)
        kept.append(task.pk)
    assignment.tasks.exclude(pk__in=kept).delete()


def _assignment_write(w: _Write, obj: Assignment, row: AssignmentContent) -> None:
    if row.units is not UNSET:
        obj.units.set(row.units)
    if row.tasks is not UNSET:
        _tasks_write(obj, row.tasks)
    w.linked_duties += [(obj, duty) for duty in row.duties]


_RELATED_WRITE: dict[type[ItemContent], Callable[[_Write, Any, Any], None]] = {
    AudienceContent: _groups_write,
    ChannelContent: _targets_write,
    AssignmentContent: _assignment_write,
}


def _home(w: _Write, part: str) -> PlanSection | None:
    """Where a new item outside the section tree goes (looked up once per part)."""
    if not w.content.items_placed:
        return None
    if part not in w.homes:
        w.homes[part] = section_for(w.plan, part)
    return w.homes[part]


def _item_write(w: _Write, row: ItemContent, section: PlanSection | Unset) -> None:
    kind = ITEM_KINDS[type(row)]
    obj = _row_open(w, kind.model, row)
    if obj is None:
        return
    if section is not UNSET:
        obj.section = section
    elif obj._state.adding:
        obj.section = _home(w, kind.part)
    _row_save(w, obj, row)
    write_related = _RELATED_WRITE.get(type(row))
    if write_related is not None:
        write_related(w, obj, row)


def _sections_write(
    w: _Write, rows: Iterable[SectionContent], parent: PlanSection | Unset | None
) -> None:
    for row in rows:
        section = _row_write(w, PlanSection, row, parent=parent)
        if section is None:
            continue
        for item in row.items:
            _item_write(w, item, section)
        _sections_write(w, row.children, parent=section)


def _duty_write(w: _Write, row: DutyContent, assignment: Assignment | Unset) -> None:
    duty = _row_write(w, ReportingDuty, row, assignment=assignment)
    if duty is None:
        return
    if row.reporting_units is not UNSET:
        duty.reporting_units.set(row.reporting_units)
    if w.check_duty_scope:
        duty_scope_check(duty=duty)


def _plan_write(plan: Plan, content: PlanContent) -> None:
    changed = False
    for name in ("basis_text", "closing_text"):
        value = getattr(content, name)
        if value is not UNSET and value != getattr(plan, name):
            setattr(plan, name, value)
            changed = True
    if changed:
        plan.save()


def _described(content: PlanContent) -> list[type[Model]]:
    """The tables a content describes, in the order unnamed rows are removed."""
    models: list[type[Model]] = []
    if content.duties is not None:
        models.append(ReportingDuty)
    if content.footnotes is not None:
        models.append(Footnote)
    if content.sections is not None or content.items is not None:
        models += [kind.model for kind in ITEM_KINDS.values()]
    if content.sections is not None:
        models.append(PlanSection)
    if content.recipients is not None:
        models.append(Recipient)
    return models


@transaction.atomic
def plan_content_write(
    *,
    plan: Plan,
    content: PlanContent,
    replace: bool = False,
    check_duty_scope: bool = True,
    validate: bool = True,
) -> None:
    """Write `content` to `plan`, diffing against what is stored.

    `replace`: remove the rows of each described collection the content does not name (a
    full description: seed loader, new version, a future importer).
    `check_duty_scope`: refuse duties the plan may not impose (see `duty_scope_check`); the
    seed loader, derive and new version skip it.
    `validate`: run each row's model validation (full_clean); derive and new version skip
    it, since they copy rows that were checked when they were written.
    """
    w = _Write(plan=plan, content=content, check_duty_scope=check_duty_scope, validate=validate)
    _plan_write(plan, content)
    for item in content.items or ():
        _item_write(w, item, UNSET)
    _sections_write(w, content.sections or (), parent=None if replace else UNSET)
    for assignment, duty in w.linked_duties:
        _duty_write(w, duty, assignment)
    for duty in content.duties or ():
        _duty_write(w, duty, UNSET)
    for note in content.footnotes or ():
        _row_write(w, Footnote, note)
    for line in content.recipients or ():
        _row_write(w, Recipient, line)
    if replace:
        for model in _described(content):
            _owned(model, plan).exclude(pk__in=w.named[model]).delete()

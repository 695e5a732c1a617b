"""Writing a plan's parts from editor rows, and copying a whole plan (new version)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import DomainError

from ..choices import DocumentStatus, SectionPart
from ..models import (
    Assignment,
    AssignmentTask,
    AudienceItem,
    BudgetItem,
    ChannelItem,
    ChannelTarget,
    Document,
    DocumentReference,
    Plan,
    PlanSection,
    Purpose,
    Recipient,
    ReportingDuty,
    RoadmapStep,
    Theme,
)
from .search import document_refresh_search

# part name -> (model, section part, plain fields written from a row)
ITEM_PARTS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "purposes": (Purpose, SectionPart.PURPOSES, ("label", "title", "text", "kind")),
    "themes": (Theme, SectionPart.THEMES, ("label", "title", "text")),
    "audiences": (AudienceItem, SectionPart.AUDIENCES, ("label", "title", "text")),
    "channels": (ChannelItem, SectionPart.CHANNELS, ("label", "title", "text")),
    "roadmap": (RoadmapStep, SectionPart.ROADMAP, ("label", "title", "text", "due_text")),
    "budget": (BudgetItem, SectionPart.BUDGET, ("label", "title", "text", "source", "amount")),
    "assignments": (Assignment, SectionPart.ASSIGNMENTS, ("label", "title", "role")),
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
)
RECIPIENT_FIELDS = ("text", "unit", "is_archive")
SECTION_FIELDS = ("label", "title", "part", "intro")


def _rows(parts: dict[str, list[dict[str, Any]]], name: str) -> list[dict[str, Any]]:
    return sorted(parts.get(name) or [], key=lambda r: r.get("position") or 0)


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


def _write(obj: Any, row: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name not in row:
            continue
        value = row[name]
        if value is None and not obj._meta.get_field(name).null:
            value = ""
        setattr(obj, name, value)
    obj.full_clean(exclude=["plan", "section", "document", "origin", "assignment"])
    obj.save()


def _tasks_replace(assignment: Assignment, lines: list[str]) -> None:
    """Keep tasks whose text is unchanged (they keep their origin), add and drop the rest."""
    existing = list(assignment.tasks.order_by("position", "id"))
    kept: list[int] = []
    for position, line in enumerate(lines, start=1):
        match = next((t for t in existing if t.text == line and t.pk not in kept), None)
        if match is None:
            match = AssignmentTask(assignment=assignment, label="-", text=line)
        match.position = position
        match.save()
        kept.append(match.pk)
    assignment.tasks.exclude(pk__in=kept).delete()


@transaction.atomic
def parts_apply(*, plan: Plan, parts: dict[str, list[dict[str, Any]]]) -> None:
    from .plans import section_for

    for name, (model, part, fields) in ITEM_PARTS.items():
        if name not in parts:
            continue
        for row in _rows(parts, name):
            obj = model.objects.filter(plan=plan, pk=row["id"]).first() if row.get("id") else None
            if row.get("DELETE"):
                if obj is not None:
                    obj.delete()
                continue
            if obj is None:
                obj = model(plan=plan, section=section_for(plan, part))
            obj.position = row.get("position") or 0
            _write(obj, row, fields)
            if name == "audiences" and "groups" in row:
                obj.groups.set(row["groups"])
            if name == "channels" and "targets" in row:
                obj.targets.all().delete()
                ChannelTarget.objects.bulk_create(
                    ChannelTarget(item=obj, channel=channel, planned_quantity=quantity)
                    for channel, quantity in row["targets"]
                )
            if name == "assignments":
                if "units" in row:
                    obj.units.set(row["units"])
                if "tasks" in row:
                    _tasks_replace(obj, row["tasks"])
    if "duties" in parts:
        for row in _rows(parts, "duties"):
            duty = (
                ReportingDuty.objects.filter(plan=plan, pk=row["id"]).first()
                if row.get("id")
                else None
            )
            if row.get("DELETE"):
                if duty is not None:
                    duty.delete()
                continue
            duty = duty or ReportingDuty(plan=plan)
            duty.position = row.get("position") or 0
            _write(duty, row, DUTY_FIELDS)
            if "reporting_units" in row:
                duty.reporting_units.set(row["reporting_units"])
            duty_scope_check(duty=duty)
    if "sections" in parts:
        for row in _rows(parts, "sections"):
            section = (
                PlanSection.objects.filter(plan=plan, pk=row["id"]).first()
                if row.get("id")
                else None
            )
            if row.get("DELETE"):
                if section is not None:
                    section.delete()
                continue
            section = section or PlanSection(plan=plan)
            section.position = row.get("position") or 0
            _write(section, row, SECTION_FIELDS)
    if "recipients" in parts:
        document = plan.document
        for row in _rows(parts, "recipients"):
            line = (
                Recipient.objects.filter(document=document, pk=row["id"]).first()
                if row.get("id")
                else None
            )
            if row.get("DELETE"):
                if line is not None:
                    line.delete()
                continue
            line = line or Recipient(document=document)
            line.position = row.get("position") or 0
            _write(line, row, RECIPIENT_FIELDS)


def _clone(obj: Any, **changes: Any) -> Any:
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj


@transaction.atomic
def plan_clone(*, user: Any, source: Document) -> Document:
    """A draft copy of `source` with every part, linked to it as its next version."""
    old_plan = source.plan
    document = _clone(
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
    sections: dict[int, PlanSection] = {}
    for section in old_plan.sections.order_by("parent_id", "position"):
        old_id = section.pk
        parent = sections.get(section.parent_id) if section.parent_id else None
        sections[old_id] = _clone(section, plan=plan, parent=parent)
    for model, _part, _fields in ITEM_PARTS.values():
        for item in model.objects.filter(plan=old_plan):
            old = model.objects.get(pk=item.pk)
            copy = _clone(item, plan=plan, section=sections.get(item.section_id))
            if model is AudienceItem:
                copy.groups.set(old.groups.all())
            elif model is ChannelItem:
                ChannelTarget.objects.bulk_create(
                    ChannelTarget(
                        item=copy, channel_id=t.channel_id, planned_quantity=t.planned_quantity
                    )
                    for t in old.targets.all()
                )
            elif model is Assignment:
                copy.units.set(old.units.all())
                for task in old.tasks.all():
                    _clone(task, assignment=copy)
    for duty in old_plan.duties.all():
        old = ReportingDuty.objects.get(pk=duty.pk)
        copy = _clone(duty, plan=plan, assignment=None)
        copy.reporting_units.set(old.reporting_units.all())
    for note in old_plan.footnotes.all():
        _clone(note, plan=plan)
    for line in source.recipients.all():
        _clone(line, document=document)
    for reference in DocumentReference.objects.filter(source=source).exclude(kind="replaces"):
        _clone(reference, source=document)
    document_refresh_search(document=document)
    return document

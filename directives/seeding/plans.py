"""Loads one seed plan file (plans/seed_NNN.yaml) into the plan's structured parts."""

from __future__ import annotations

from itertools import count
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..choices import AssignmentRole, PurposeKind, SectionPart
from ..models import (
    Assignment,
    AssignmentTask,
    AudienceGroup,
    AudienceItem,
    BudgetItem,
    Channel,
    ChannelItem,
    ChannelTarget,
    Document,
    Footnote,
    Plan,
    PlanSection,
    Purpose,
    ReportingDuty,
    RoadmapStep,
    Theme,
)
from ..validation import validate_duty_rule
from .refs import SeedError, UnitResolver, parse_date

_SECTION_KEYS = {"label", "title", "part", "intro", "outro", "items", "sections"}


class PlanBuilder:
    """Writes the parts of one plan in printed order; positions run across the whole plan."""

    def __init__(self, plan: Plan, resolver: UnitResolver, where: str) -> None:
        self.plan = plan
        self.resolver = resolver
        self.where = where
        self.position = count(1)
        self.channels = {c.code: c for c in Channel.objects.all()}
        self.groups = {g.code: g for g in AudienceGroup.objects.all()}

    def clear(self) -> None:
        for related in (
            self.plan.duties,
            self.plan.footnotes,
            self.plan.purposes,
            self.plan.themes,
            self.plan.audiences,
            self.plan.channel_items,
            self.plan.roadmap_steps,
            self.plan.budget_items,
            self.plan.assignments,
            self.plan.sections,
        ):
            related.all().delete()

    def build(self, spec: dict[str, Any]) -> None:
        for section in spec.get("sections") or []:
            self.section(section, parent=None)
        for duty in spec.get("duties") or []:
            self.duty(duty, assignment=None)
        for note in spec.get("footnotes") or []:
            Footnote.objects.create(
                plan=self.plan,
                marker=str(note["marker"]),
                anchor=str(note.get("anchor", "")),
                text=str(note["text"]),
            )

    def section(self, spec: dict[str, Any], parent: PlanSection | None) -> None:
        unknown = set(spec) - _SECTION_KEYS
        if unknown:
            raise SeedError(
                _("%(where)s, mục %(label)s: trường không xác định %(f)s.")
                % {"where": self.where, "label": spec.get("label"), "f": ", ".join(sorted(unknown))}
            )
        part = str(spec.get("part", SectionPart.FREE))
        if part not in SectionPart.values:
            raise SeedError(
                _("%(where)s: phần %(part)s không hợp lệ.") % {"where": self.where, "part": part}
            )
        section = PlanSection.objects.create(
            plan=self.plan,
            parent=parent,
            position=next(self.position),
            label=str(spec.get("label", "")),
            title=str(spec.get("title", "")),
            part=part,
            intro=str(spec.get("intro", "") or "").strip(),
            outro=str(spec.get("outro", "") or "").strip(),
        )
        for item in spec.get("items") or []:
            self.item(part, section, item)
        for child in spec.get("sections") or []:
            self.section(child, parent=section)

    def _common(self, section: PlanSection, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "section": section,
            "position": next(self.position),
            "label": str(item.get("label", "")),
            "title": str(item.get("title", "") or ""),
            "text": str(item.get("text", "") or "").strip(),
        }

    def item(self, part: str, section: PlanSection, item: dict[str, Any]) -> None:
        common = self._common(section, item)
        if part == SectionPart.PURPOSES:
            kind = str(item.get("kind", PurposeKind.PURPOSE))
            if kind not in PurposeKind.values:
                raise SeedError(
                    _("%(where)s: loại mục đích %(k)s không hợp lệ.")
                    % {"where": self.where, "k": kind}
                )
            Purpose.objects.create(kind=kind, **common)
        elif part == SectionPart.THEMES:
            Theme.objects.create(**common)
        elif part == SectionPart.AUDIENCES:
            audience = AudienceItem.objects.create(**common)
            audience.groups.set(
                [self._lookup(self.groups, code, "audience") for code in item.get("groups") or []]
            )
        elif part == SectionPart.CHANNELS:
            channel_item = ChannelItem.objects.create(**common)
            for entry in item.get("channels") or []:
                code, quantity = (
                    (entry, None)
                    if isinstance(entry, str)
                    else (entry["channel"], entry.get("quantity"))
                )
                ChannelTarget.objects.create(
                    item=channel_item,
                    channel=self._lookup(self.channels, code, "channel"),
                    planned_quantity=quantity,
                )
        elif part == SectionPart.ROADMAP:
            RoadmapStep.objects.create(due_text=str(item.get("due_text", "")), **common)
        elif part == SectionPart.BUDGET:
            BudgetItem.objects.create(
                source=str(item.get("source", "")), amount=item.get("amount"), **common
            )
        elif part == SectionPart.ASSIGNMENTS:
            self.assignment(common, item)
        else:
            raise SeedError(
                _(
                    "%(where)s: mục %(label)s thuộc phần %(part)s không nhận mục con; "
                    "hãy viết vào intro."
                )
                % {"where": self.where, "label": section.label, "part": part}
            )

    def assignment(self, common: dict[str, Any], item: dict[str, Any]) -> None:
        role = str(item.get("role", AssignmentRole.IMPLEMENT))
        if role not in AssignmentRole.values:
            raise SeedError(
                _("%(where)s: vai trò %(r)s không hợp lệ.") % {"where": self.where, "r": role}
            )
        assignment = Assignment.objects.create(role=role, **common)
        assignment.units.set(
            self.resolver.many([str(u) for u in item.get("units") or []], where=self.where)
        )
        AssignmentTask.objects.bulk_create(
            [
                AssignmentTask(
                    assignment=assignment,
                    position=position,
                    label=str(task.get("label", "")),
                    text=str(task["text"]).strip(),
                    role=str(task.get("role", "")),
                )
                for position, task in enumerate(item.get("tasks") or [], start=1)
            ]
        )
        for duty in item.get("duties") or []:
            self.duty(duty, assignment=assignment)

    def duty(self, spec: dict[str, Any], assignment: Assignment | None) -> None:
        where = f"{self.where}, báo cáo «{str(spec.get('phrase', ''))[:40]}»"
        due_on = parse_date(spec["due"], where=where, field="due") if spec.get("due") else None
        try:
            validate_duty_rule(
                rule=str(spec.get("rule")),
                due_on=due_on,
                day=spec.get("day"),
                month=spec.get("month"),
            )
        except ValidationError as exc:
            raise SeedError(f"{where}: {'; '.join(exc.messages)}") from exc
        duty = ReportingDuty.objects.create(
            plan=self.plan,
            assignment=assignment,
            position=next(self.position),
            phrase=str(spec["phrase"]).strip(),
            subject=str(spec.get("subject", "")),
            rule=str(spec["rule"]),
            due_on=due_on,
            day=spec.get("day"),
            month=spec.get("month"),
            receiver=self.resolver.get(str(spec["receiver"]), where=where)
            if spec.get("receiver")
            else None,
            receiver_text=str(spec.get("receiver_text", "")),
            via=self.resolver.get(str(spec["via"]), where=where) if spec.get("via") else None,
            via_text=str(spec.get("via_text", "")),
            reporting_units_text=str(spec.get("reporting_units_text", "")),
        )
        duty.reporting_units.set(
            self.resolver.many([str(u) for u in spec.get("reporting_units") or []], where=where)
        )

    def _lookup(self, table: dict[str, Any], code: str, what: str) -> Any:
        if code not in table:
            raise SeedError(
                _("%(where)s: mã %(what)s %(code)s không có trong catalogue.yaml.")
                % {"where": self.where, "what": what, "code": code}
            )
        return table[code]


def plan_replace(
    document: Document, spec: dict[str, Any], *, resolver: UnitResolver, where: str
) -> Plan:
    plan, _created = Plan.objects.get_or_create(document=document)
    plan.basis_text = str(spec.get("basis_text", "") or "").strip()
    plan.closing_text = str(spec.get("closing_text", "") or "").strip()
    plan.save()
    builder = PlanBuilder(plan, resolver, where)
    builder.clear()
    builder.build(spec)
    return plan

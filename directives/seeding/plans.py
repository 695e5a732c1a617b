"""Loads one seed plan file (plans/seed_NNN.yaml) into the plan's structured parts."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..choices import AssignmentRole, PurposeKind, SectionPart
from ..content import (
    AssignmentContent,
    AudienceContent,
    BudgetContent,
    ChannelContent,
    DutyContent,
    FootnoteContent,
    ItemContent,
    PlanContent,
    PurposeContent,
    RoadmapContent,
    SectionContent,
    TargetContent,
    TaskContent,
    ThemeContent,
)
from ..models import AudienceGroup, Channel, Document, Plan
from ..services.writer import plan_content_write
from ..validation import validate_duty_rule
from .refs import SeedError, UnitResolver, parse_date

_SECTION_KEYS = {"label", "title", "part", "intro", "outro", "items", "sections"}


class PlanBuilder:
    """Describes one seed plan as a `PlanContent`, checking each entry on the way.

    Parts come in printed order and positions run across the whole plan.
    """

    def __init__(self, resolver: UnitResolver, where: str) -> None:
        self.resolver = resolver
        self.where = where
        self.position = count(1)
        self.channels = {c.code: c.pk for c in Channel.objects.all()}
        self.groups = {g.code: g.pk for g in AudienceGroup.objects.all()}

    def content(self, spec: dict[str, Any]) -> PlanContent:
        sections = tuple(self.section(section) for section in spec.get("sections") or [])
        return PlanContent(
            basis_text=str(spec.get("basis_text", "") or "").strip(),
            closing_text=str(spec.get("closing_text", "") or "").strip(),
            sections=sections,
            items=(),
            duties=tuple(self.duty(duty) for duty in spec.get("duties") or []),
            footnotes=tuple(
                FootnoteContent(
                    marker=str(note["marker"]),
                    anchor=str(note.get("anchor", "")),
                    text=str(note["text"]),
                )
                for note in spec.get("footnotes") or []
            ),
        )

    def section(self, spec: dict[str, Any]) -> SectionContent:
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
        position = next(self.position)
        label = str(spec.get("label", ""))
        items = tuple(self.item(part, label, item) for item in spec.get("items") or [])
        return SectionContent(
            position=position,
            label=label,
            title=str(spec.get("title", "")),
            part=part,
            intro=str(spec.get("intro", "") or "").strip(),
            outro=str(spec.get("outro", "") or "").strip(),
            items=items,
            children=tuple(self.section(child) for child in spec.get("sections") or []),
        )

    def _common(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "position": next(self.position),
            "label": str(item.get("label", "")),
            "title": str(item.get("title", "") or ""),
            "text": str(item.get("text", "") or "").strip(),
        }

    def item(self, part: str, label: str, item: dict[str, Any]) -> ItemContent:
        builders: dict[str, Callable[[dict[str, Any], dict[str, Any]], ItemContent]] = {
            SectionPart.PURPOSES: self.purpose,
            SectionPart.THEMES: lambda common, item: ThemeContent(**common),
            SectionPart.AUDIENCES: self.audience,
            SectionPart.CHANNELS: self.channel,
            SectionPart.ROADMAP: lambda common, item: RoadmapContent(
                due_text=str(item.get("due_text", "")), **common
            ),
            SectionPart.BUDGET: lambda common, item: BudgetContent(
                source=str(item.get("source", "")), amount=item.get("amount"), **common
            ),
            SectionPart.ASSIGNMENTS: self.assignment,
        }
        build = builders.get(part)
        if build is None:
            raise SeedError(
                _(
                    "%(where)s: mục %(label)s thuộc phần %(part)s không nhận mục con; "
                    "hãy viết vào intro."
                )
                % {"where": self.where, "label": label, "part": part}
            )
        return build(self._common(item), item)

    def purpose(self, common: dict[str, Any], item: dict[str, Any]) -> PurposeContent:
        kind = str(item.get("kind", PurposeKind.PURPOSE))
        if kind not in PurposeKind.values:
            raise SeedError(
                _("%(where)s: loại mục đích %(k)s không hợp lệ.") % {"where": self.where, "k": kind}
            )
        return PurposeContent(kind=kind, **common)

    def audience(self, common: dict[str, Any], item: dict[str, Any]) -> AudienceContent:
        groups = [self._lookup(self.groups, code, "audience") for code in item.get("groups") or []]
        return AudienceContent(groups=tuple(groups), **common)

    def channel(self, common: dict[str, Any], item: dict[str, Any]) -> ChannelContent:
        targets = []
        for entry in item.get("channels") or []:
            code, quantity = (
                (entry, None)
                if isinstance(entry, str)
                else (entry["channel"], entry.get("quantity"))
            )
            targets.append(TargetContent(self._lookup(self.channels, code, "channel"), quantity))
        return ChannelContent(targets=tuple(targets), **common)

    def assignment(self, common: dict[str, Any], item: dict[str, Any]) -> AssignmentContent:
        role = str(item.get("role", AssignmentRole.IMPLEMENT))
        if role not in AssignmentRole.values:
            raise SeedError(
                _("%(where)s: vai trò %(r)s không hợp lệ.") % {"where": self.where, "r": role}
            )
        units = self.resolver.many([str(u) for u in item.get("units") or []], where=self.where)
        tasks = tuple(
            TaskContent(
                position=position,
                label=str(task.get("label", "")),
                text=str(task["text"]).strip(),
                role=str(task.get("role", "")),
            )
            for position, task in enumerate(item.get("tasks") or [], start=1)
        )
        return AssignmentContent(
            role=role,
            units=tuple(u.pk for u in units),
            tasks=tasks,
            duties=tuple(self.duty(duty) for duty in item.get("duties") or []),
            **common,
        )

    def duty(self, spec: dict[str, Any]) -> DutyContent:
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
        return DutyContent(
            position=next(self.position),
            phrase=str(spec["phrase"]).strip(),
            subject=str(spec.get("subject", "")),
            rule=str(spec["rule"]),
            due_on=due_on,
            day=spec.get("day"),
            month=spec.get("month"),
            receiver_id=self._unit(spec.get("receiver"), where),
            receiver_text=str(spec.get("receiver_text", "")),
            via_id=self._unit(spec.get("via"), where),
            via_text=str(spec.get("via_text", "")),
            reporting_units=tuple(
                u.pk
                for u in self.resolver.many(
                    [str(u) for u in spec.get("reporting_units") or []], where=where
                )
            ),
            reporting_units_text=str(spec.get("reporting_units_text", "")),
        )

    def _unit(self, key: Any, where: str) -> int | None:
        return self.resolver.get(str(key), where=where).pk if key else None

    def _lookup(self, table: dict[str, int], code: str, what: str) -> int:
        if code not in table:
            raise SeedError(
                _("%(where)s: mã %(what)s %(code)s không có trong catalogue.yaml.")
                % {"where": self.where, "what": what, "code": code}
            )
        return table[code]


def plan_replace(
    document: Document, spec: dict[str, Any], *, resolver: UnitResolver, where: str
) -> Plan:
    """The plan of `document` becomes exactly what `spec` says (its recipients stay)."""
    plan, _created = Plan.objects.get_or_create(document=document)
    content = PlanBuilder(resolver, where).content(spec)
    # Seed plans keep the duties their text imposes, even outside the issuer's tree.
    try:
        plan_content_write(plan=plan, content=content, replace=True, check_duty_scope=False)
    except ValidationError as exc:  # a row the models refuse: say which seed file it is
        raise SeedError(f"{where}: {'; '.join(exc.messages)}") from exc
    return plan

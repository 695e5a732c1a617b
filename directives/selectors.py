"""Reads that span documents: the cascade under a directive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from common.types import Person, Viewer
from units.tree import SEGMENT

from .choices import ReferenceKind
from .models import Document, DocumentReference, Plan

MAX_CASCADE_DEPTH = 20


@dataclass
class CascadeNode:
    document: Document
    depth: int
    implements: list[int] = field(default_factory=list)


def _cascade_cte() -> str:
    """`cascade(id, depth)`: every document implementing the first parameter, transitively.

    Parameters: root id, 'implements', 'implements', max depth. UNION plus the depth bound
    make a cycle in the graph (which a data-entry mistake could create) terminate."""
    table = DocumentReference._meta.db_table
    return f"""
        WITH RECURSIVE cascade(id, depth) AS (
            SELECT source_id, 1 FROM {table} WHERE target_id = %s AND kind = %s
            UNION
            SELECT r.source_id, c.depth + 1
            FROM {table} r JOIN cascade c ON r.target_id = c.id
            WHERE r.kind = %s AND c.depth < %s
        )
    """


def _cascade_params(root_id: int, max_depth: int) -> list[Any]:
    implements = ReferenceKind.IMPLEMENTS.value
    return [root_id, implements, implements, max_depth]


def cascade_ids(root_id: int, *, max_depth: int = MAX_CASCADE_DEPTH) -> dict[int, int]:
    """Every document implementing `root_id`, transitively, with its shortest depth (one
    recursive query on both SQLite and PostgreSQL)."""
    sql = _cascade_cte() + "SELECT id, MIN(depth) FROM cascade WHERE id <> %s GROUP BY id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_cascade_params(root_id, max_depth), root_id])
        return {int(row[0]): int(row[1]) for row in cursor.fetchall()}


def cascade_ids_near(
    root_id: int, tops: list[str], *, max_depth: int = MAX_CASCADE_DEPTH
) -> set[int]:
    """The cascade of `root_id` (itself included) without the documents issued inside
    other provinces: those issued by no unit, by central bodies (a top-level unit that is not
    a province), or inside the province trees whose top-level paths are `tops`.

    Dashboards filter activities and deadlines by these documents: a province's cascade is
    a few hundred documents where the national one is thousands, and every one is a
    parameter of the queries that follow."""
    from units.models import Unit

    document, unit = Document._meta.db_table, Unit._meta.db_table
    marks = ", ".join(["%s"] * len(tops)) or "NULL"
    sql = (
        _cascade_cte()
        + f"""
        SELECT DISTINCT c.id FROM cascade c
        JOIN {document} d ON d.id = c.id
        LEFT JOIN {unit} u ON u.id = d.issuer_id
        LEFT JOIN {unit} t ON t.path = SUBSTR(u.path, 1, {SEGMENT})
        WHERE u.id IS NULL OR t.kind IS NULL OR t.kind <> 'province'
           OR SUBSTR(u.path, 1, {SEGMENT}) IN ({marks})
    """
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_cascade_params(root_id, max_depth), *tops])
        return {root_id, *(int(row[0]) for row in cursor.fetchall())}


def cascade_under(directive: Document, *, user: Viewer) -> list[CascadeNode]:
    """The visible cascade under `directive`, ordered by depth then date (three queries)."""
    depths = cascade_ids(directive.pk)
    documents = Document.objects.visible_to(user).filter(pk__in=depths).select_related("issuer")
    nodes = {doc.pk: CascadeNode(document=doc, depth=depths[doc.pk]) for doc in documents}
    edges = DocumentReference.objects.filter(
        kind=ReferenceKind.IMPLEMENTS, source_id__in=nodes
    ).values_list("source_id", "target_id")
    for source_id, target_id in edges:
        nodes[source_id].implements.append(target_id)
    return sorted(
        nodes.values(),
        key=lambda n: (n.depth, n.document.issued_on is None, n.document.issued_on, n.document.pk),
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
    from .choices import DutyRule

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


def fidelity_check(document: Document) -> list[Fidelity]:
    """Compare a plan with each plan it implements (a fixed number of queries per parent)."""
    from common.text import fold
    from units.selectors import related_identities

    from .models import AssignmentTask, ChannelTarget, Plan

    child = Plan.objects.filter(document=document).first()
    if child is None or document.issuer is None:
        return []
    identities = related_identities(document.issuer)
    parents = Plan.objects.filter(
        document__incoming_references__source=document,
        document__incoming_references__kind=ReferenceKind.IMPLEMENTS,
    ).select_related("document")
    child_themes = list(child.themes.all())
    child_groups = set(child.audiences.values_list("groups", flat=True))
    child_channels = set(
        ChannelTarget.objects.filter(item__plan=child).values_list("channel_id", flat=True)
    )
    child_tasks = list(AssignmentTask.objects.filter(assignment__plan=child))
    child_duties = list(child.duties.all())
    results = []
    for parent in parents:
        report = Fidelity(parent=parent.document)
        origins = {t.origin_id for t in child_themes}
        texts = {fold(t.text) for t in child_themes}
        report.themes = [
            t for t in parent.themes.all() if t.pk not in origins and fold(t.text) not in texts
        ]
        report.audiences = list(
            {
                g.pk: g
                for item in parent.audiences.prefetch_related("groups")
                for g in item.groups.all()
                if g.pk not in child_groups
            }.values()
        )
        report.channels = list(
            {
                t.channel.pk: t.channel
                for t in ChannelTarget.objects.filter(item__plan=parent).select_related("channel")
                if t.channel_id not in child_channels
            }.values()
        )
        task_origins = {t.origin_id for t in child_tasks}
        task_texts = {fold(t.text) for t in child_tasks}
        for assignment in parent.assignments.prefetch_related("units", "tasks"):
            if not any(u.pk in identities for u in assignment.units.all()):
                continue
            report.tasks += [
                t
                for t in assignment.tasks.all()
                if t.pk not in task_origins and fold(t.text) not in task_texts
            ]
        for theirs in parent.duties.all():
            for mine in child_duties:
                if (mine.origin_id in (None, theirs.pk)) and duty_is_later(mine, theirs):
                    report.late_duties.append((mine, theirs))
        results.append(report)
    return results


@dataclass
class OutlineNode:
    section: Any
    items: list[tuple[str, Any]] = field(default_factory=list)
    children: list[OutlineNode] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.items
            or self.section.intro
            or self.section.outro
            or any(not c.is_empty for c in self.children)
        )


def plan_outline(plan: Plan) -> list[OutlineNode]:
    """The plan as printed: sections in order, each with its items of every part.

    A fixed number of queries whatever the plan's size (one per part table plus prefetches).
    """
    from .models import PlanSection

    nodes = {
        s.pk: OutlineNode(section=s)
        for s in PlanSection.objects.filter(plan=plan).order_by("position", "id")
    }
    roots: list[OutlineNode] = []
    for node in nodes.values():
        parent = nodes.get(node.section.parent_id) if node.section.parent_id else None
        (parent.children if parent else roots).append(node)
    first_of_part: dict[str, OutlineNode] = {}
    for node in nodes.values():
        first_of_part.setdefault(node.section.part, node)
    sources: list[tuple[str, Any]] = [
        ("purposes", plan.purposes.all()),
        ("themes", plan.themes.all()),
        ("audiences", plan.audiences.prefetch_related("groups")),
        ("channels", plan.channel_items.prefetch_related("targets__channel")),
        ("roadmap", plan.roadmap_steps.all()),
        ("budget", plan.budget_items.all()),
        ("assignments", plan.assignments.prefetch_related("units", "tasks")),
    ]
    for part, queryset in sources:
        for item in queryset:
            home = nodes.get(item.section_id) or first_of_part.get(part)
            if home is None:
                home = OutlineNode(
                    section=type(
                        "Loose",
                        (),
                        {"label": "", "title": "", "intro": "", "outro": "", "part": part},
                    )()
                )
                roots.append(home)
                first_of_part[part] = home
            home.items.append((part, item))
    for node in nodes.values():
        node.items.sort(key=lambda pair: (pair[1].position, pair[1].pk))
    return roots


@dataclass
class HistoryEntry:
    when: datetime
    user: Person | None
    action: str
    what: str
    fields: list[str] = field(default_factory=list)
    count: int = 1

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def who(self) -> str:
        if self.user is None:
            return ""
        return self.user.get_full_name() or self.user.get_username()


def document_timeline(document: Document, *, limit: int = 40) -> list[HistoryEntry]:
    """Who changed what and when: the header with its changed fields, and every part."""
    from .models import (
        Assignment,
        AudienceItem,
        BudgetItem,
        ChannelItem,
        Plan,
        Purpose,
        Recipient,
        ReportingDuty,
        RoadmapStep,
        Theme,
    )

    actions = {"+": "created", "~": "changed", "-": "deleted"}
    entries: list[HistoryEntry] = []
    records = list(
        document.history.select_related("history_user").order_by("history_date", "history_id")
    )
    previous = None
    for record in records:
        changed: list[str] = []
        if previous is not None:
            delta = record.diff_against(
                previous, excluded_fields=["lock_version", "updated_at", "search_text"]
            )
            changed = [_verbose_name(Document, c.field) for c in delta.changes]
        if previous is None or changed or record.history_type != "~":
            entries.append(
                HistoryEntry(
                    record.history_date,
                    record.history_user,
                    actions[record.history_type],
                    str(Document._meta.verbose_name),
                    changed,
                )
            )
        previous = record
    part_models = [
        Plan,
        Purpose,
        Theme,
        AudienceItem,
        ChannelItem,
        RoadmapStep,
        BudgetItem,
        Assignment,
        ReportingDuty,
    ]
    for model in part_models:
        key = "document_id" if model is Plan else "plan_id"
        # Each of these models has simple-history's `history`; Model, their join, has not.
        history = model.history.filter(**{key: document.pk})  # type: ignore[attr-defined]
        history = history.select_related("history_user")
        for record in history.order_by("-history_date")[:limit]:
            entries.append(
                HistoryEntry(
                    record.history_date,
                    record.history_user,
                    actions[record.history_type],
                    str(model._meta.verbose_name),
                )
            )
    for record in (
        Recipient.history.filter(document_id=document.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                actions[record.history_type],
                str(Recipient._meta.verbose_name),
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return _grouped(entries)[:limit]


def _verbose_name(model: type[Model], name: str) -> str:
    """The label of a concrete field (history diffs compare only those)."""
    found = model._meta.get_field(name)
    return str(found.verbose_name) if isinstance(found, Field) else name


def _grouped(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """One line for a burst of the same change (eleven recipients added in one save)."""
    result: list[HistoryEntry] = []
    for entry in entries:
        last = result[-1] if result else None
        if (
            last is not None
            and not entry.fields
            and not last.fields
            and (last.user_id, last.action, last.what) == (entry.user_id, entry.action, entry.what)
            and abs((last.when - entry.when).total_seconds()) < 60
        ):
            last.count += 1
            continue
        result.append(entry)
    return result

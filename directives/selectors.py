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

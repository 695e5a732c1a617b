"""Reads that span documents: the cascade under a directive."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from .choices import ReferenceKind
from .models import Document, DocumentReference

MAX_CASCADE_DEPTH = 20


@dataclass
class CascadeNode:
    document: Document
    depth: int
    implements: list[int] = field(default_factory=list)


def cascade_ids(root_id: int, *, max_depth: int = MAX_CASCADE_DEPTH) -> dict[int, int]:
    """Every document implementing `root_id`, transitively, with its shortest depth.

    One recursive query on both SQLite and PostgreSQL; UNION plus the depth bound make a
    cycle in the graph (which a data-entry mistake could create) terminate.
    """
    table = DocumentReference._meta.db_table
    sql = f"""
        WITH RECURSIVE cascade(id, depth) AS (
            SELECT source_id, 1 FROM {table} WHERE target_id = %s AND kind = %s
            UNION
            SELECT r.source_id, c.depth + 1
            FROM {table} r JOIN cascade c ON r.target_id = c.id
            WHERE r.kind = %s AND c.depth < %s
        )
        SELECT id, MIN(depth) FROM cascade WHERE id <> %s GROUP BY id
    """
    implements = ReferenceKind.IMPLEMENTS.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [root_id, implements, implements, max_depth, root_id])
        return {int(row[0]): int(row[1]) for row in cursor.fetchall()}


def cascade_under(directive: Document, *, user: Any) -> list[CascadeNode]:
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

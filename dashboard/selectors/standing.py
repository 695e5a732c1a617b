"""Whether a unit has issued its implementing plan: the one rule the coverage panel and the
plan status API share.

A unit is expected to issue a plan when an issued plan assigns it (for the panel, to lead or
implement). It is credited with ITS OWN plan: an issued document whose issuer is the unit (or
a unit it stands for, see succession.py) and that implements, directly or down the cascade,
a plan assigning it. The assigning plan itself never counts, not even when the unit issued it
and named itself in it: no one implements their own plan, so a plan's issuer is not
expected to answer it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from directives.choices import ReferenceKind
from directives.models import Document, DocumentReference
from directives.models.documents import document_reference

from .succession import Folding


@dataclass(frozen=True)
class DocumentRef:
    pk: int
    reference: str
    issued_on: date | None
    issuer_id: int | None = None

    @property
    def order(self) -> tuple[bool, date, int]:
        """Earliest first; undated documents last."""
        return (self.issued_on is None, self.issued_on or date.min, self.pk)


@dataclass
class Standing:
    """A representative unit's assigning plans and the plan it issued in answer, if any."""

    assigners: list[DocumentRef] = field(default_factory=list)
    plan: DocumentRef | None = None

    @property
    def assigned_by(self) -> DocumentRef | None:
        """The plan its own plan answers (the earliest if several), else the earliest one."""
        return self.assigners[0] if self.assigners else None


def document_refs(documents: Iterable[int], statuses: Iterable[str]) -> dict[int, DocumentRef]:
    """The documents among `documents` in one of `statuses` (one query of plain rows)."""
    rows = Document.objects.filter(
        pk__any_of=list(documents), status__in=list(statuses)
    ).values_list("pk", "number", "symbol", "style", "issued_on", "issuer_id")
    return {
        pk: DocumentRef(pk, document_reference(number, symbol, style), day, issuer)
        for pk, number, symbol, style, day, issuer in rows
    }


def implemented(documents: Iterable[int]) -> dict[int, set[int]]:
    """For each document, every document it implements, directly or through others, within
    `documents` (one query for the edges, then a walk in memory; cycles are harmless)."""
    within = list(documents)
    edges: dict[int, set[int]] = {}
    for source, target in DocumentReference.objects.filter(
        kind=ReferenceKind.IMPLEMENTS, source_id__any_of=within
    ).values_list("source_id", "target_id"):
        edges.setdefault(source, set()).add(target)
    result: dict[int, set[int]] = {}
    for start in within:
        seen: set[int] = set()
        stack = list(edges.get(start, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        result[start] = seen
    return result


def standings(
    assignments: Iterable[tuple[int, int]],
    *,
    documents: dict[int, DocumentRef],
    implements: dict[int, set[int]],
    folding: Folding,
) -> dict[int, Standing]:
    """Per representative unit: the plans assigning it and its own plan in answer.

    `assignments` are (unit, assigning document) pairs; `documents` the issued documents
    that may assign or answer; `implements` what each of them implements; `folding` who
    stands for the units named by the assignments and the documents' issuers."""
    result: dict[int, Standing] = {}
    for unit_id, document_id in assignments:
        assigner = documents.get(document_id)
        if assigner is None:
            continue
        issuers = set(folding.stand_for.get(assigner.issuer_id or 0, ()))
        for rep in folding.stand_for.get(unit_id, ()):
            if rep in issuers:
                continue  # the plan's own issuer does not answer its own plan
            standing = result.setdefault(rep, Standing())
            if assigner not in standing.assigners:
                standing.assigners.append(assigner)
    plans_of: dict[int, list[DocumentRef]] = {}
    for document in documents.values():
        for rep in folding.stand_for.get(document.issuer_id or 0, ()):
            plans_of.setdefault(rep, []).append(document)
    for rep, standing in result.items():
        standing.assigners.sort(key=lambda d: d.order)
        _credit(standing, plans_of.get(rep, []), implements)
    return result


def _credit(
    standing: Standing, candidates: list[DocumentRef], implements: dict[int, set[int]]
) -> None:
    """The earliest candidate implementing one of the assigning plans (never one of them)."""
    assigning = {d.pk for d in standing.assigners}
    for plan in sorted(candidates, key=lambda d: d.order):
        answered = implements.get(plan.pk, set()) & assigning
        if plan.pk in assigning or not answered:
            continue
        standing.plan = plan
        # Put the plan it answers first: the lag is counted from it.
        first = next(d for d in standing.assigners if d.pk in answered)
        standing.assigners.remove(first)
        standing.assigners.insert(0, first)
        return
